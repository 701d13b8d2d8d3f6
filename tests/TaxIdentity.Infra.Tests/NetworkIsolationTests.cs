using System.Text.Json.Nodes;

namespace TaxIdentity.Infra.Tests;

/// <summary>
/// Storage, Key Vault and Service Bus take no traffic from the public internet: each has public network access off and
/// is reached through a private endpoint in the app's virtual network, with its privatelink DNS zone linked to that
/// network; the Flex Consumption app sends its outbound traffic through a subnet delegated to it.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed class NetworkIsolationTests(CompiledTemplate compiled)
{
    /// <summary>Each data service, the sub-resources (group IDs) its private endpoints serve, and the privatelink zone of each.</summary>
    public static TheoryData<string, string, string> PrivateEndpoints => new()
    {
        { "Microsoft.Storage/storageAccounts", "blob", "'privatelink.blob.{0}'" },
        { "Microsoft.Storage/storageAccounts", "queue", "'privatelink.queue.{0}'" },
        { "Microsoft.Storage/storageAccounts", "table", "'privatelink.table.{0}'" },
        { "Microsoft.KeyVault/vaults", "vault", "privatelink.vaultcore.azure.net" },
        { "Microsoft.ServiceBus/namespaces", "namespace", "privatelink.servicebus.windows.net" },
    };

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts")]
    [InlineData("Microsoft.KeyVault/vaults")]
    [InlineData("Microsoft.ServiceBus/namespaces")]
    public void DataService_HasPublicNetworkAccessOff(string type)
    {
        var (_, resource) = Assert.Single(compiled.Template.FindAll(type));
        var properties = resource["properties"];

        Assert.Equal("Disabled", ArmTemplate.Text(properties?["publicNetworkAccess"]));
        if (properties?["networkAcls"] is { } acls)
        {
            Assert.Equal("Deny", ArmTemplate.Text(acls["defaultAction"]));
        }
    }

    [Theory]
    [MemberData(nameof(PrivateEndpoints))]
    public void DataService_IsReachedThroughAPrivateEndpoint_WithItsDnsZone(string serviceType, string groupId, string zone)
    {
        var endpoints = compiled.Template.FindAll("Microsoft.Network/privateEndpoints").ToList();

        var (template, endpoint) = Assert.Single(endpoints, found => GroupIds(found.Template, found.Resource).Contains(groupId));
        var connection = endpoint["properties"]?["privateLinkServiceConnections"]?[0]?["properties"];
        Assert.Equal(serviceType, ArmTemplate.ResourceIdType(template.Resolve(connection?["privateLinkServiceId"])));
        var subnet = ArmTemplate.Text(Passed(template, "subnetId"));
        Assert.Equal("Microsoft.Network/virtualNetworks/subnets", ArmTemplate.ResourceIdType(JsonValue.Create(subnet)));
        Assert.Contains("privateEndpointSubnetName", subnet, StringComparison.Ordinal);

        var zoneGroup = Assert.Single(template.ResourcesOfType("Microsoft.Network/privateEndpoints/privateDnsZoneGroups"));
        Assert.NotNull(zoneGroup["properties"]?["privateDnsZoneConfigs"]?[0]?["properties"]?["privateDnsZoneId"]);
        var dnsZone = Assert.Single(template.ResourcesOfType("Microsoft.Network/privateDnsZones"));
        Assert.Contains(zone, ArmTemplate.Text(template.Resolve(dnsZone["name"])) ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryPrivateDnsZone_IsLinkedToTheVirtualNetwork()
    {
        var zones = compiled.Template.FindAll("Microsoft.Network/privateDnsZones").ToList();
        var links = compiled.Template.FindAll("Microsoft.Network/privateDnsZones/virtualNetworkLinks").ToList();

        Assert.Equal(5, zones.Count);
        Assert.Equal(zones.Count, links.Count);
        Assert.All(links, link =>
        {
            Assert.False(ArmTemplate.Bool(link.Resource["properties"]?["registrationEnabled"]) ?? true);
            Assert.NotNull(link.Resource["properties"]?["virtualNetwork"]?["id"]);
        });
    }

    [Fact]
    public void FunctionApp_SendsItsOutboundTrafficThroughASubnetDelegatedToFlexConsumption()
    {
        var (siteTemplate, site) = Assert.Single(compiled.Template.FindAll("Microsoft.Web/sites"));
        var (networkTemplate, network) = Assert.Single(compiled.Template.FindAll("Microsoft.Network/virtualNetworks"));

        Assert.Equal(("network", "appSubnetId"), ArmTemplate.ModuleOutput(siteTemplate.Resolve(site["properties"]?["virtualNetworkSubnetId"])));
        var subnets = network["properties"]?["subnets"]?.AsArray() ?? [];
        var app = Assert.Single(subnets, subnet => ArmTemplate.Text(networkTemplate.Resolve(subnet?["name"])) == "app");
        Assert.Contains("Microsoft.App/environments", app?["properties"]?["delegations"]?.ToJsonString() ?? string.Empty, StringComparison.Ordinal);
        var endpoints = Assert.Single(subnets, subnet => ArmTemplate.Text(networkTemplate.Resolve(subnet?["name"])) == "private-endpoints");
        Assert.Equal("Disabled", ArmTemplate.Text(endpoints?["properties"]?["privateEndpointNetworkPolicies"]));
    }

    private static JsonNode? Passed(ArmTemplate module, string parameter) => module.Deployment?["properties"]?["parameters"]?[parameter]?["value"];

    private static IEnumerable<string> GroupIds(ArmTemplate template, JsonObject endpoint) =>
        (endpoint["properties"]?["privateLinkServiceConnections"]?.AsArray() ?? [])
            .SelectMany(connection => connection?["properties"]?["groupIds"]?.AsArray() ?? [])
            .Select(id => ArmTemplate.Text(template.Resolve(id))).OfType<string>();
}
