using System.Net;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Platform;

/// <summary>Table Storage going away under a running host: 503 with Retry-After while it is down, nothing half-written, normal service after.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task StorageDown_Answers503WithRetryAfter_AndAfterItReturns_NothingWasHalfWritten()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var api = await ApiHost.StartAsync(settings => settings["Tables:ConnectionString"] = azurite.ConnectionString);
        var before = TestData.CreditCode();
        await (await api.Operator.PutJsonAsync($"/api/operator/enterprises/{before}", TestData.Enterprise())).AssertOkAsync();
        var during = TestData.CreditCode();
        var enterprise = TestData.Enterprise();

        await azurite.StopAsync();
        var write = await api.Operator.PutJsonAsync($"/api/operator/enterprises/{during}", enterprise);
        var read = await api.Operator.GetAsync(new Uri($"/api/operator/enterprises/{before}", UriKind.Relative));
        var health = await api.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
        await azurite.StartAgainAsync();

        foreach (var response in new[] { write, read })
        {
            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is set");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Operator.GetAsync(new Uri($"/api/operator/enterprises/{during}", UriKind.Relative))).StatusCode);
        await (await api.Operator.PutJsonAsync($"/api/operator/enterprises/{during}", enterprise)).AssertOkAsync();
        var stored = await (await api.Operator.GetAsync(new Uri($"/api/operator/enterprises/{during}", UriKind.Relative))).AssertOkAsync();
        Assert.Equal((string?)enterprise["name"], stored.GetProperty("name").GetString());
        await (await api.Operator.GetAsync(new Uri($"/api/operator/enterprises/{before}", UriKind.Relative))).AssertOkAsync();
    }
}
