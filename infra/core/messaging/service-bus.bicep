// Service Bus namespace and the topic that carries the platform's domain events (outbox dispatcher).
// Local (SAS key) authentication is off; the app sends with its managed identity. Public network access is off: the
// app reaches the namespace through a private endpoint (app/network.bicep), which only the Premium tier offers.
param name string
param location string = resourceGroup().location
param tags object = {}
param topicName string = 'events'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Premium'
    tier: 'Premium'
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Disabled'
    premiumMessagingPartitions: 1
  }

  resource topic 'topics' = {
    name: topicName
    properties: {
      // The dispatcher sets MessageId to the outbox entry's ID, so a re-publish after a crash
      // (the outbox is at-least-once) is dropped by the broker instead of delivered twice.
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'P1D'
      defaultMessageTimeToLive: 'P14D'
      enableBatchedOperations: true
      supportOrdering: false
    }
  }
}

output id string = namespace.id
output name string = namespace.name
output topicName string = namespace::topic.name
output topicId string = namespace::topic.id
// Host name only (no scheme, no port), the form ServiceBusClient takes with a TokenCredential.
// Taken from the endpoint (https://<name>.servicebus.windows.net:443/) so other clouds work too.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]
