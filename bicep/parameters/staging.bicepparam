using '../main-modular.bicep'

param environment = 'staging'
param functionAppSku = 'EP1'
param serviceBusSku = 'Standard'
param storageSku = 'Standard_GRS'
param enableAzureML = true
param tags = {
  costCenter: 'platform'
  owner: 'platform-team'
}
