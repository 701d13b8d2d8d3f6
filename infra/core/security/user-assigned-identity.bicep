// The user-assigned managed identity the function app runs as. It reaches storage, Service Bus,
// Communication Services, Key Vault and Application Insights; app/rbac.bicep grants its roles.
param name string
param location string = resourceGroup().location
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
