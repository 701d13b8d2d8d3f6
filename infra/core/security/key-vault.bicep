// Key Vault for the app's secrets, authorized with Azure RBAC (no access policies). The function app
// reads them through Key Vault references (app settings), so its code never sees the vault. Public network access
// is off: the platform resolves the references through the app's virtual network and the vault's private endpoint
// (app/network.bicep); the deployment writes the secrets through Azure Resource Manager.
param name string
param location string = resourceGroup().location
param tags object = {}

@description('Write the four secrets. The first deployment must; later ones leave rotated values alone.')
param seedSecrets bool

@secure()
param tokenSigningKey string
@secure()
param hashingKey string
@secure()
param operatorKey string
@secure()
param appKey string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
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
    // Once on, purge protection can't be turned off: a deleted vault (and its name) is kept for the
    // retention period. That is the point: a deleted signing key can always be recovered.
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      bypass: 'None'
      defaultAction: 'Deny'
    }
  }
}

resource tokenSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (seedSecrets) {
  parent: vault
  name: 'token-signing-key'
  properties: {
    value: tokenSigningKey
    contentType: 'Base64 HMAC key for access tokens (Tokens__SigningKey)'
  }
}

resource hashingKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (seedSecrets) {
  parent: vault
  name: 'hashing-key'
  properties: {
    value: hashingKey
    contentType: 'Base64 HMAC key for stored refresh-token and SMS-code hashes (Tokens__HashingKey)'
  }
}

resource operatorKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (seedSecrets) {
  parent: vault
  name: 'operator-key'
  properties: {
    value: operatorKey
    contentType: 'X-Operator-Key of the tax office (Operator__Key)'
  }
}

resource appKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (seedSecrets) {
  parent: vault
  name: 'app-key'
  properties: {
    value: appKey
    contentType: 'X-App-Key of the mobile app (App__Key)'
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
// Versionless secret URIs (trailing slash included): a Key Vault reference built from one follows the
// newest enabled version, which is what rotation relies on.
output tokenSigningKeySecretUri string = '${vault.properties.vaultUri}secrets/token-signing-key/'
output hashingKeySecretUri string = '${vault.properties.vaultUri}secrets/hashing-key/'
output operatorKeySecretUri string = '${vault.properties.vaultUri}secrets/operator-key/'
output appKeySecretUri string = '${vault.properties.vaultUri}secrets/app-key/'
// Secrets the bureau stores itself (the template never writes them): the Tencent Cloud API key FaceID calls are
// signed with (docs/deployment.md, "Face checks"). Referenced by the app only with faceProvider TencentCloud.
output tencentFaceIdSecretIdSecretUri string = '${vault.properties.vaultUri}secrets/tencent-faceid-secret-id/'
output tencentFaceIdSecretKeySecretUri string = '${vault.properties.vaultUri}secrets/tencent-faceid-secret-key/'
