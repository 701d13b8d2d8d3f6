// Every role assignment of the deployment, in one place. The app's identity gets only what the app
// does; the deploying principal optionally gets data access for troubleshooting and key rotation.
param managedIdentityPrincipalId string

@description('Object ID of the deploying user or service principal; empty for none.')
param principalId string = ''
@description('Give principalId data access (tables, Key Vault secrets, Service Bus receive).')
param grantPrincipalAccess bool = false

param storageAccountName string

@description('The blob containers the app uses (deployment package, host, task hub); its blob role is on these only.')
param blobContainerNames array

param serviceBusNamespaceName string
param serviceBusTopicName string
param keyVaultName string
param applicationInsightsName string
param communicationServicesName string

// Built-in role definition IDs (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var grantPrincipal = grantPrincipalAccess && !empty(principalId)

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource blobServices 'blobServices' existing = {
    name: 'default'
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' existing = [
  for container in blobContainerNames: {
    parent: storage::blobServices
    name: container
  }
]

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName

  resource topic 'topics' existing = {
    name: serviceBusTopicName
  }
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' existing = {
  name: communicationServicesName
}

// --- The function app's identity -------------------------------------------------------------

// The Flex Consumption deployment package and the host's and task hub's blobs (leases, keys, timer schedules, large
// messages): Storage Blob Data Owner on each of those containers, not on the account, so no other blob is reachable.
resource appBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (container, index) in blobContainerNames: {
    name: guid(storage.id, container, managedIdentityPrincipalId, roles.storageBlobDataOwner)
    scope: blobContainers[index]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
      principalId: managedIdentityPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Durable Functions control and work-item queues.
resource appQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, managedIdentityPrincipalId, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The platform's tables (Tables__ServiceUri) and the Durable Functions history and instance tables.
resource appTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, managedIdentityPrincipalId, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Publishing domain events: send on the one topic, nothing else in the namespace.
resource appServiceBusSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::topic.id, managedIdentityPrincipalId, roles.serviceBusDataSender)
  scope: serviceBus::topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Resolving the Key Vault references (read secret values; no listing of other vaults, no writes).
resource appKeyVault 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, managedIdentityPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Sending telemetry to the component, which accepts Microsoft Entra ID authenticated telemetry only.
resource appMonitoring 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, managedIdentityPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Sending SMS with Microsoft Entra ID. Communication Services has no send-only data action: it authorizes a token by
// the resource's read and write actions. So a role of those two alone, on this one resource: not Contributor (which
// could also delete it, or list and regenerate its access keys, were they on) and nothing elsewhere.
resource smsSenderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'communication-sms-sender')
  properties: {
    roleName: 'Tax identity SMS sender (${uniqueString(resourceGroup().id)})'
    description: 'Send SMS through the platform\'s Communication Services resource with Microsoft Entra ID: read and write of the resource, no keys, no delete.'
    type: 'customRole'
    assignableScopes: [resourceGroup().id]
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

resource appCommunication 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, managedIdentityPrincipalId, smsSenderRole.id)
  scope: communication
  properties: {
    roleDefinitionId: smsSenderRole.id
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// --- The deploying principal (optional) ---------------------------------------------------------
// No principalType: AZURE_PRINCIPAL_ID is a user locally and a service principal in a pipeline.

// Inspecting the platform's tables.
resource principalTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantPrincipal) {
  name: guid(storage.id, principalId, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: principalId
  }
}

// Reading and rotating the three secrets (docs/deployment.md).
resource principalKeyVault 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantPrincipal) {
  name: guid(vault.id, principalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: principalId
  }
}

// Receiving from a subscription on the events topic while debugging.
resource principalServiceBus 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantPrincipal) {
  name: guid(serviceBus.id, principalId, roles.serviceBusDataReceiver)
  scope: serviceBus
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: principalId
  }
}
