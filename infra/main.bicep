// Tax identity platform on Azure: `azd up` provisions this template, then deploys service "api"
// (functions/TaxIdentity.Functions) to the Flex Consumption function app it creates and service "web" (the
// account centre, web/) to the Static Web App.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group (rg-<name>) and seeds the resource token.')
param environmentName string

@minLength(1)
@description('Region for every regional resource. It must offer Flex Consumption: az functionapp list-flexconsumption-locations.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object ID of the deploying user or service principal (azd sets AZURE_PRINCIPAL_ID); empty for none.')
param principalId string = ''

@description('Give principalId data access: Key Vault Secrets Officer (read and rotate keys), Storage Table Data Contributor, Service Bus Data Receiver.')
param grantPrincipalAccess bool = true

@description('SMS sender on the Communication Services resource: an E.164 number (+18445550100) or an alphanumeric sender ID. Empty until one is acquired; see docs/deployment.md.')
param smsFrom string = ''

@description('Face-verification provider (Face__Provider): None (no face checks; registration by the tax office\'s codes) or TencentCloud (Tencent Cloud FaceID, whose API key the bureau stores in Key Vault). See docs/deployment.md.')
@allowed(['None', 'TencentCloud'])
param faceProvider string = 'None'

@description('RuleId of the FaceID business flow created in the FaceID console (Face__TencentCloud__RuleId); required with faceProvider TencentCloud.')
param tencentFaceIdRuleId string = ''

@description('Geography where Communication Services keeps data at rest.')
param acsDataLocation string = 'United States'

@description('Region of the Static Web App (the account centre); the service runs in a few regions only.')
@allowed(['eastasia', 'westus2', 'centralus', 'eastus2', 'westeurope'])
param webLocation string = 'eastasia'

@description('Write the Key Vault secrets. True on the first provision; the SEED_KEY_VAULT output then turns it off so a later provision never overwrites a rotated key.')
param seedKeyVault bool = true

// Initial secret values, generated at deployment time (newGuid() is only allowed as a parameter default)
// and stored only in Key Vault. Nothing secret is in the repository or in the deployment outputs.
// 3 GUIDs = 366 random bits; the signing and hashing keys are the Base64 of their 108 characters (>= 32 bytes).
@secure()
@description('Initial Tokens__SigningKey (Base64). Leave the default.')
param tokenSigningKey string = base64('${newGuid()}${newGuid()}${newGuid()}')

@secure()
@description('Initial Tokens__HashingKey (Base64): keys the stored hashes of refresh tokens and SMS codes. Leave the default.')
param hashingKey string = base64('${newGuid()}${newGuid()}${newGuid()}')

@secure()
@description('Initial Operator__Key (X-Operator-Key). Leave the default.')
param operatorKey string = '${replace(newGuid(), '-', '')}${replace(newGuid(), '-', '')}'

@secure()
@description('Initial App__Key (X-App-Key). Leave the default.')
param appKey string = '${replace(newGuid(), '-', '')}${replace(newGuid(), '-', '')}'

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'
var serviceBusTopicName = 'events'

// The blob containers the Functions host and Durable Functions use besides the deployment package: the host's locks,
// timer schedules and keys, and the task hub's (named in host.json, lower-cased as the Azure Storage provider does)
// task hub record and partition leases, app lease and large messages. The app's blob role covers these and no other.
var taskHubName = toLower(loadJsonContent('../host.json').extensions.durableTask.hubName)
var hostContainerNames = [
  'azure-webjobs-hosts'
  'azure-webjobs-secrets'
  '${taskHubName}-leases'
  '${taskHubName}-applease'
  '${taskHubName}-largemessages'
]

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/security/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    hostContainerNames: hostContainerNames
  }
}

module serviceBus 'core/messaging/service-bus.bicep' = {
  name: 'serviceBus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    topicName: serviceBusTopicName
  }
}

module communication 'core/communication/communication-services.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    name: '${abbrs.communicationCommunicationServices}${resourceToken}'
    tags: tags
    dataLocation: acsDataLocation
  }
}

module keyVault 'core/security/key-vault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    // Vault names are at most 24 characters: kv- + 13-character token fits.
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    seedSecrets: seedKeyVault
    tokenSigningKey: tokenSigningKey
    hashingKey: hashingKey
    operatorKey: operatorKey
    appKey: appKey
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module network 'app/network.bicep' = {
  name: 'network'
  scope: rg
  params: {
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    managedIdentityPrincipalId: identity.outputs.principalId
    principalId: principalId
    grantPrincipalAccess: grantPrincipalAccess
    storageAccountName: storage.outputs.name
    blobContainerNames: concat([deploymentContainerName], hostContainerNames)
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusTopicName: serviceBus.outputs.topicName
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    communicationServicesName: communication.outputs.name
  }
}

module web 'app/web.bicep' = {
  name: 'web'
  scope: rg
  params: {
    name: '${abbrs.webStaticSites}${resourceToken}'
    location: webLocation
    tags: tags
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  // The app's first start already finds its roles (storage, Key Vault references) assigned.
  dependsOn: [rbac]
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    // Outbound traffic through the app subnet, to the private endpoints (which exist once this output does).
    virtualNetworkSubnetId: network.outputs.appSubnetId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    serviceBusTopicName: serviceBus.outputs.topicName
    communicationEndpoint: communication.outputs.endpoint
    smsFrom: smsFrom
    tokenSigningKeySecretUri: keyVault.outputs.tokenSigningKeySecretUri
    hashingKeySecretUri: keyVault.outputs.hashingKeySecretUri
    operatorKeySecretUri: keyVault.outputs.operatorKeySecretUri
    appKeySecretUri: keyVault.outputs.appKeySecretUri
    faceProvider: faceProvider
    tencentFaceIdRuleId: tencentFaceIdRuleId
    tencentFaceIdSecretIdSecretUri: keyVault.outputs.tencentFaceIdSecretIdSecretUri
    tencentFaceIdSecretKeySecretUri: keyVault.outputs.tencentFaceIdSecretKeySecretUri
    // CORS: the account centre's origin only.
    allowedOrigins: [web.outputs.origin]
  }
}

// azd writes every output into the environment (.azure/<env>/.env). Names and endpoints only.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output SERVICE_WEB_NAME string = web.outputs.name
output SERVICE_WEB_URI string = web.outputs.origin
// Read by the web app's build (azd runs it with the environment's values): the API it calls, whose origin
// also goes into the pages' Content-Security-Policy (connect-src).
output VITE_API_BASE_URL string = api.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_SERVICEBUS_TOPIC string = serviceBus.outputs.topicName
output AZURE_COMMUNICATION_SERVICES_NAME string = communication.outputs.name
output AZURE_COMMUNICATION_SERVICES_ENDPOINT string = communication.outputs.endpoint
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_VIRTUAL_NETWORK_NAME string = network.outputs.name
// Read back by main.parameters.json (${SEED_KEY_VAULT=true}): once the secrets exist, later provisions
// leave them alone. `azd env set SEED_KEY_VAULT true` before `azd provision` regenerates all four.
output SEED_KEY_VAULT bool = false
