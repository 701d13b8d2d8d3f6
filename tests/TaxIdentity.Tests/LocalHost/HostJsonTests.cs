using TaxIdentity.LocalHost;

namespace TaxIdentity.Tests.LocalHost;

/// <summary>The local host reads host.json as the Functions host does, and refuses to start on a setting it would silently ignore.</summary>
public sealed class HostJsonTests
{
    [Fact]
    public void TheRepositorysHostJson_IsHonouredWhole()
    {
        var hostJson = HostJson.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));

        Assert.Equal("api", hostJson.RoutePrefix);
        Assert.Equal("TaxIdentityHub", hostJson.HubName);
    }

    [Theory]
    [InlineData("""{ "version": "2.0", "functionTimeout": "00:05:00" }""", "functionTimeout")]
    [InlineData("""{ "extensions": { "http": { "routePrefix": "api", "maxConcurrentRequests": 10 } } }""", "extensions.http.maxConcurrentRequests")]
    [InlineData("""{ "extensions": { "durableTask": { "hubName": "Hub", "storageProvider": { "partitionCount": 8 } } } }""", "extensions.durableTask.storageProvider.partitionCount")]
    [InlineData("""{ "concurrency": { "dynamicConcurrencyEnabled": true } }""", "concurrency.dynamicConcurrencyEnabled")]
    public void ASettingTheLocalHostDoesNotHonour_StopsItAtStart(string json, string setting)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => HostJson.Parse(json));

        Assert.Contains(setting, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoggingAndTelemetry_AreLeftToTheFunctionsHost()
    {
        var hostJson = HostJson.Parse("""{ "version": "2.0", "logging": { "applicationInsights": { "samplingSettings": { "isEnabled": true } }, "logLevel": { "default": "Warning" } } }""");

        Assert.Equal("api", hostJson.RoutePrefix);
    }
}
