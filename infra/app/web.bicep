// The web account centre (web/, Vue + Vite): an Azure Static Web App that azd deploys the built files to
// (service "web"). Its headers (the Content-Security-Policy first) and history fallback come from the
// staticwebapp.config.json the build writes; the API stays on the Function App, which allows this origin
// only (CORS in api.bicep).
param name string
@description('Static Web Apps run in a few regions only (westus2, centralus, eastus2, westeurope, eastasia).')
param location string
param tags object = {}
param serviceName string = 'web'

resource web 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // Built and deployed by azd (npm run build in web/), not by a repository workflow.
    provider: 'None'
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
    enterpriseGradeCdnStatus: 'Disabled'
  }
}

output name string = web.name
output origin string = 'https://${web.properties.defaultHostname}'
