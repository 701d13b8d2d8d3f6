// The app's virtual network: the Flex Consumption app sends its outbound traffic through the "app" subnet, and
// storage (blob, queue, table), Key Vault and Service Bus, which take no public traffic, are reached through private
// endpoints in the "private-endpoints" subnet, each with its privatelink DNS zone linked to this network.
param name string
param location string = resourceGroup().location
param tags object = {}

param storageAccountName string
param keyVaultName string
param serviceBusNamespaceName string

@description('Address space of the network; the two subnets are its first two /24s.')
param addressPrefix string = '10.40.0.0/16'

var appSubnetName = 'app'
var privateEndpointSubnetName = 'private-endpoints'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [addressPrefix]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          // Flex Consumption runs on Container Apps infrastructure: its integration subnet is delegated to it.
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: privateEndpointSubnetName
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: appSubnetName
  }

  resource privateEndpointSubnet 'subnets' existing = {
    name: privateEndpointSubnetName
  }
}

var storageSuffix = environment().suffixes.storage

module blobEndpoint '../core/network/private-endpoint.bicep' = {
  name: 'pe-blob'
  params: {
    name: 'pe-${storage.name}-blob'
    location: location
    tags: tags
    subnetId: network::privateEndpointSubnet.id
    virtualNetworkId: network.id
    serviceId: storage.id
    groupId: 'blob'
    dnsZoneName: 'privatelink.blob.${storageSuffix}'
  }
}

module queueEndpoint '../core/network/private-endpoint.bicep' = {
  name: 'pe-queue'
  params: {
    name: 'pe-${storage.name}-queue'
    location: location
    tags: tags
    subnetId: network::privateEndpointSubnet.id
    virtualNetworkId: network.id
    serviceId: storage.id
    groupId: 'queue'
    dnsZoneName: 'privatelink.queue.${storageSuffix}'
  }
}

module tableEndpoint '../core/network/private-endpoint.bicep' = {
  name: 'pe-table'
  params: {
    name: 'pe-${storage.name}-table'
    location: location
    tags: tags
    subnetId: network::privateEndpointSubnet.id
    virtualNetworkId: network.id
    serviceId: storage.id
    groupId: 'table'
    dnsZoneName: 'privatelink.table.${storageSuffix}'
  }
}

module vaultEndpoint '../core/network/private-endpoint.bicep' = {
  name: 'pe-vault'
  params: {
    name: 'pe-${vault.name}'
    location: location
    tags: tags
    subnetId: network::privateEndpointSubnet.id
    virtualNetworkId: network.id
    serviceId: vault.id
    groupId: 'vault'
    // Key Vault's privatelink zone in the public cloud; other clouds name theirs differently.
    dnsZoneName: 'privatelink.vaultcore.azure.net'
  }
}

module serviceBusEndpoint '../core/network/private-endpoint.bicep' = {
  name: 'pe-servicebus'
  params: {
    name: 'pe-${serviceBus.name}'
    location: location
    tags: tags
    subnetId: network::privateEndpointSubnet.id
    virtualNetworkId: network.id
    serviceId: serviceBus.id
    groupId: 'namespace'
    dnsZoneName: 'privatelink.servicebus.windows.net'
  }
}

output id string = network.id
output name string = network.name
output appSubnetId string = network::appSubnet.id
