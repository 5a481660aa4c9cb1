// The platform's Key Vault: RBAC authorization, soft delete, purge protection in production.
@maxLength(24)
param name string
param location string
param purgeProtection bool = false
param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-02-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: purgeProtection ? true : null
  }
}

output name string = vault.name
