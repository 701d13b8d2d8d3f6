// The Flex Consumption plan and the function app (azd service "api"), with every app setting the
// platform reads (TaxIdentity.Core.Common.Configuration.SettingsCatalog; the infra tests check the list).
param name string
param planName string
param location string = resourceGroup().location
param tags object = {}

@description('azd deploys the service whose resource carries this azd-service-name tag.')
param serviceName string = 'api'

@description('Resource ID, client ID of the user-assigned identity the app runs as.')
param identityId string
param identityClientId string

@description('Subnet (delegated to Microsoft.App/environments) the app sends its outbound traffic through: storage, Key Vault and Service Bus have private endpoints only.')
param virtualNetworkSubnetId string

param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string

param serviceBusNamespace string
param serviceBusTopicName string
param communicationEndpoint string

@description('Sender on the Communication Services resource: E.164 number (+18005550100) or alphanumeric sender ID.')
param smsFrom string

param tokenSigningKeySecretUri string
param hashingKeySecretUri string
param operatorKeySecretUri string
param appKeySecretUri string

@description('Face-verification provider: None, or TencentCloud (Tencent Cloud FaceID).')
@allowed(['None', 'TencentCloud'])
param faceProvider string = 'None'

@description('RuleId of the FaceID business flow; used with faceProvider TencentCloud.')
param tencentFaceIdRuleId string = ''

@description('Versionless URIs of the vault secrets holding the Tencent Cloud API key (stored by the bureau, not by this template).')
param tencentFaceIdSecretIdSecretUri string
param tencentFaceIdSecretKeySecretUri string

@description('Origins allowed to call the API from a browser (CORS): the account centre\'s Static Web App only.')
param allowedOrigins array

@description('Flex Consumption runtime. dotnet-isolated 10.0 is .NET 10 on the isolated worker.')
param runtimeName string = 'dotnet-isolated'
param runtimeVersion string = '10.0'

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

// The Tencent Cloud key is referenced only when that provider is chosen, so a vault without it shows no unresolved reference.
var tencentFaceId = faceProvider == 'TencentCloud'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Flex Consumption routes all of the app's outbound traffic into this subnet once it is integrated.
    virtualNetworkSubnetId: virtualNetworkSubnetId
    // Key Vault references in the app settings resolve with the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }
}

// App settings as their own resource, so they can use the site's own host name (Tokens__Issuer).
// Keep this a literal object: the infra tests read the setting names from the compiled template.
// A provision replaces the whole set, so optional settings (Tables__Prefix, Captcha__Difficulty, ...)
// that should survive it belong here too.
// Flex Consumption sets the worker runtime and host version from functionAppConfig, so
// FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION must not appear here.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Host storage (triggers, Durable Functions task hub) with the managed identity, no keys.
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId

    // Telemetry with Microsoft Entra ID (the component has local auth off).
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'

    // DefaultAzureCredential in the app picks the user-assigned identity by this client ID.
    AZURE_CLIENT_ID: identityClientId

    Tables__ServiceUri: storage.properties.primaryEndpoints.table

    Tokens__Issuer: 'https://${site.properties.defaultHostName}'
    Tokens__SigningKey: '@Microsoft.KeyVault(SecretUri=${tokenSigningKeySecretUri})'
    Tokens__HashingKey: '@Microsoft.KeyVault(SecretUri=${hashingKeySecretUri})'
    Operator__Key: '@Microsoft.KeyVault(SecretUri=${operatorKeySecretUri})'
    App__Key: '@Microsoft.KeyVault(SecretUri=${appKeySecretUri})'

    Sms__Provider: 'Acs'
    Sms__Endpoint: communicationEndpoint
    Sms__From: smsFrom

    // Face checks (B2): none until the bureau contracts a provider; Tencent Cloud FaceID with its key from the vault.
    Face__Provider: faceProvider
    Face__TencentCloud__RuleId: tencentFaceIdRuleId
    Face__TencentCloud__SecretId: tencentFaceId ? '@Microsoft.KeyVault(SecretUri=${tencentFaceIdSecretIdSecretUri})' : ''
    Face__TencentCloud__SecretKey: tencentFaceId ? '@Microsoft.KeyVault(SecretUri=${tencentFaceIdSecretKeySecretUri})' : ''

    ServiceBus__FullyQualifiedNamespace: serviceBusNamespace
    ServiceBus__Topic: serviceBusTopicName
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
output hostName string = site.properties.defaultHostName
