using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Platform;

public sealed class HealthTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Health_WithStorageAnswering_IsHealthy()
    {
        var body = await (await fixture.Host.Client.GetAsync("/api/health")).AssertOkAsync();

        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("storage").GetString());
    }

    [Fact]
    public async Task Health_WithStorageDown_IsUnavailable()
    {
        var closedPort = Azurite.FreePort();
        await using var host = await ApiHost.StartAsync(services: services =>
            services.AddSingleton(new TableServiceClient(Azurite.ConnectionStringFor(closedPort), new TableClientOptions { Retry = { MaxRetries = 0 } })));

        var response = await host.Client.GetAsync("/api/health");

        var body = await response.AssertOkAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("unavailable", body.GetProperty("storage").GetString());
    }

    [Fact]
    public async Task Health_CostsOneStorageCallOnceTablesExist()
    {
        await fixture.Host.Client.GetAsync("/api/health");

        var response = await fixture.Host.Client.GetAsync("/api/health");

        Assert.Equal("1", response.Headers.GetValues("X-Storage-Calls").Single());
    }
}
