// The Functions storage account: TLS 1.2, HTTPS only, no public blob access.
@minLength(3)
@maxLength(24)
param name string
@allowed([
  'Standard_LRS'
  'Standard_GRS'
])
param sku string
param location string
param tags object

resource storage 'Microsoft.Storage/storageAccounts@2022-09-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
  }
}

output name string = storage.name
output id string = storage.id
