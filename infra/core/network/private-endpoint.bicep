// One private endpoint of a data service in the app's virtual network, with the privatelink DNS zone that makes the
// service's usual host name resolve to the endpoint's private address inside that network (and only there).
param name string
param location string = resourceGroup().location
param tags object = {}

@description('Subnet the endpoint takes its private address from.')
param subnetId string

@description('Virtual network whose resolver the zone answers.')
param virtualNetworkId string

@description('Resource ID of the service (storage account, vault, Service Bus namespace).')
param serviceId string

@description('The sub-resource the endpoint serves: blob, queue, table, vault or namespace.')
param groupId string

@description('The service\'s privatelink zone, such as privatelink.blob.core.windows.net.')
param dnsZoneName string

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: dnsZoneName
  location: 'global'
  tags: tags
}

resource link 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: zone
  name: '${name}-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: virtualNetworkId
    }
  }
}

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: serviceId
          groupIds: [groupId]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: groupId
        properties: {
          privateDnsZoneId: zone.id
        }
      }
    ]
  }
}

output id string = endpoint.id
