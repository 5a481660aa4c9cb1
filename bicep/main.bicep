// The sample platform bicepgate deploys in its demo and end-to-end tests: storage, a
// Functions plan and a Log Analytics workspace, named per environment by the parameters file.
targetScope = 'resourceGroup'

@description('Environment short name: dev, staging or prod.')
@allowed([
  'dev'
  'staging'
  'prod'
])
param environmentName string

@description('Region of every resource; the resource group\'s by default.')
param location string = resourceGroup().location

@description('Storage account name (3-24 lower-case letters and digits, unique in all of Azure): by default the environment and a hash of the subscription and resource group.')
@minLength(3)
@maxLength(24)
param storageAccountName string = 'st${environmentName}${uniqueString(subscription().id, resourceGroup().id)}'

@description('Storage redundancy: LRS in dev, GRS in staging and prod.')
@allowed([
  'Standard_LRS'
  'Standard_GRS'
])
param storageSku string = 'Standard_LRS'

@description('Functions plan name.')
param planName string

@description('Functions plan SKU: Y1 (consumption) or EP1 (premium).')
param planSku string = 'Y1'

@description('Log Analytics workspace name.')
param workspaceName string

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param retentionDays int = 30

var tags = {
  environment: environmentName
  managedBy: 'bicepgate'
}

resource storage 'Microsoft.Storage/storageAccounts@2022-09-01' = {
  name: storageAccountName
  location: location
  tags: tags
  sku: {
    name: storageSku
  }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
  }
}

resource plan 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: planName
  location: location
  tags: tags
  sku: {
    name: planSku
  }
  // Elastic Premium plans are kind elastic; Consumption (Y1) plans functionapp.
  kind: startsWith(planSku, 'EP') ? 'elastic' : 'functionapp'
  properties: {
    reserved: true
  }
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    retentionInDays: retentionDays
    sku: {
      name: 'PerGB2018'
    }
  }
}

output storageAccountName string = storage.name
output planName string = plan.name
output workspaceName string = workspace.name
