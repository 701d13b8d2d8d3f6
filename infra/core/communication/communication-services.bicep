// Azure Communication Services, used for SMS (verification codes and notices). Access keys are off:
// the app calls the endpoint with its managed identity. The sender (toll-free number, short code or
// alphanumeric sender ID) is acquired on the resource after deployment; see docs/deployment.md.
param name string
param tags object = {}

@description('Where Communication Services stores data at rest (a geography, not a region).')
param dataLocation string

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: name
  // Communication Services is a global resource; only dataLocation pins where its data lives.
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    disableLocalAuth: true
  }
}

output id string = communication.id
output name string = communication.name
output endpoint string = 'https://${communication.properties.hostName}'
