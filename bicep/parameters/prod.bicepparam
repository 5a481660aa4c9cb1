using '../main-modular.bicep'

param environment = 'prod'
param functionAppSku = 'EP2'
param serviceBusSku = 'Premium'
param storageSku = 'Standard_GRS'
param enableAzureML = true
param tags = {
  costCenter: 'platform'
  owner: 'platform-team'
  criticality: 'high'
}
