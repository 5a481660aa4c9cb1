// The platform of the deployment plan, composed from modules/: Functions, Storage, Service Bus,
// Key Vault, monitoring and networking, sized per environment by parameters/<env>.bicepparam.
// Regions without a premium capability get the fallback the plan describes, reported in the
// deploymentWarnings output (bicepgate shows it in the summary and the audit record).
targetScope = 'resourceGroup'

@description('Environment short name.')
@allowed([
  'dev'
  'staging'
  'prod'
])
param environment string

@description('Region of every resource; the resource group\'s by default.')
param location string = resourceGroup().location

@description('Functions plan: Y1 (Consumption) in dev, EP1 (Elastic Premium) in staging, EP2 in prod.')
@allowed([
  'Y1'
  'EP1'
  'EP2'
])
param functionAppSku string = 'Y1'

@description('Service Bus tier: Standard in dev and staging, Premium in prod.')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Storage redundancy: LRS in dev, GRS in staging and prod.')
@allowed([
  'Standard_LRS'
  'Standard_GRS'
])
param storageSku string = 'Standard_LRS'

@description('Deploy an Azure ML workspace where the region offers it.')
param enableAzureML bool = false

@description('Extra tags for every resource.')
param tags object = {}

// Where the premium capabilities exist (keep in step with data/regions.yml).
var premiumRegions = [
  'eastus'
  'eastus2'
  'westus2'
  'westeurope'
  'northeurope'
  'southeastasia'
]
var premiumHere = contains(premiumRegions, location)
var functionSkuEffective = premiumHere ? functionAppSku : 'Y1'
var serviceBusSkuEffective = premiumHere ? serviceBusSku : 'Standard'
var unique = take(uniqueString(resourceGroup().id), 6)
var allTags = union(tags, {
  environment: environment
  managedBy: 'bicepgate'
  platform: 'aos'
})

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring-${environment}'
  params: {
    workspaceName: 'log-aos-${environment}'
    appInsightsName: 'appi-aos-${environment}'
    location: location
    retentionDays: environment == 'prod' ? 90 : 30
    tags: allTags
  }
}

module networking 'modules/networking.bicep' = {
  name: 'networking-${environment}'
  params: {
    name: 'vnet-aos-${environment}'
    location: location
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage-${environment}'
  params: {
    name: 'staos${environment}${unique}'
    sku: storageSku
    location: location
    tags: allTags
  }
}

module serviceBus 'modules/serviceBus.bicep' = {
  name: 'servicebus-${environment}'
  params: {
    name: 'sb-aos-${environment}-${unique}'
    sku: serviceBusSkuEffective
    location: location
    tags: allTags
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyvault-${environment}'
  params: {
    name: 'kv-aos-${environment}-${unique}'
    location: location
    purgeProtection: environment == 'prod'
    tags: allTags
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionapp-${environment}'
  params: {
    planName: 'plan-aos-${environment}'
    appName: 'func-aos-${environment}-${unique}'
    sku: functionSkuEffective
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    location: location
    tags: allTags
  }
}

output resourceGroupName string = resourceGroup().name
output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output storageAccountName string = storage.outputs.name
output serviceBusNamespace string = serviceBus.outputs.name
output keyVaultName string = keyVault.outputs.name
output deploymentWarnings object = {
  azureMLDisabledDueToRegion: enableAzureML && !premiumHere
  functionSkuDowngradedDueToRegion: functionSkuEffective != functionAppSku
  serviceBusSkuDowngradedDueToRegion: serviceBusSkuEffective != serviceBusSku
}
