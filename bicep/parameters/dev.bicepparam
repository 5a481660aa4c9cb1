using '../main-modular.bicep'

param environment = 'dev'
param functionAppSku = 'Y1'
param serviceBusSku = 'Standard'
param storageSku = 'Standard_LRS'
param enableAzureML = false
param tags = {
  costCenter: 'platform'
  owner: 'platform-team'
}
