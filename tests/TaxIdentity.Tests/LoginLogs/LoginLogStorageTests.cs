using System.Globalization;
using TaxIdentity.Core.Login;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using static TaxIdentity.Tests.LoginLogs.LoginLogKit;

namespace TaxIdentity.Tests.LoginLogs;

/// <summary>
/// Each login-log query is one single-partition range query: what it costs (storage round trips and entities read,
/// counted by the storage pipeline) does not grow with other enterprises' and persons' logs.
/// </summary>
public sealed class LoginLogStorageTests(OwnApiFixture fixture) : IClassFixture<OwnApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static int Header(HttpResponseMessage response, string name) =>
        int.Parse(response.Headers.GetValues(name).Single(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task LastMonthQueries_ReadTheSameEntitiesWithTheSameCalls_WhileOtherLogsGrowTenfold()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = enterprise.LegalRepresentative;
        var now = DateTimeOffset.UtcNow;
        await Api.SeedAsync(Enumerable.Range(1, 40).SelectMany(n => new[]
        {
            Row(LoginLogEntity.EnterprisePartition(enterprise.EnterpriseId), now.AddHours(-n), Ip(n)),
            Row(LoginLogEntity.PersonPartition(person.PersonId), now.AddHours(-n), Ip(n)),
        }));
        var others = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        await SeedOthersAsync(others, 0, 25, now);
        var small = await MeasureAsync(enterprise.Manager);

        await SeedOthersAsync(others, 25, 250, now);
        var large = await MeasureAsync(enterprise.Manager);

        Assert.Equal(small, large);

        // The caller's session, person and identity (3 reads), then one query returning the page and one row more.
        Assert.Equal((4, 3 + 21), small.Enterprise);
        Assert.Equal((4, 3 + 21), small.Mine);
    }

    [Fact]
    public async Task EnterpriseInformationAgenciesAndSearches_StayWithinTheirDocumentedBudgets()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        await Api.PostAsync(enterprise.Manager, "/api/enterprise/reveal", new { field = "name" });
        await Api.GetAsync(enterprise.Manager, "/api/enterprise/agencies");
        await Api.GetAsync(enterprise.Manager, "/api/cross-region/inspection-items");

        // After each table's creation on its first use: the caller's three reads (session, person, identity), then each
        // endpoint's own work.
        var info = await Api.GetAsync(enterprise.Manager, "/api/enterprise");
        var reveal = await Api.PostAsync(enterprise.Manager, "/api/enterprise/reveal", new { field = "name" });
        var trail = await Api.GetAsync(enterprise.Manager, "/api/enterprise/reveals");
        var agencies = await Api.GetAsync(enterprise.Manager, "/api/enterprise/agencies");
        var search = await Api.GetAsync(enterprise.Manager, "/api/cross-region/inspection-items?district=武侯区");

        Assert.Equal(6, Header(info, HttpEndpoint.StorageCallsHeader));
        Assert.Equal(5, Header(reveal, HttpEndpoint.StorageCallsHeader));
        Assert.Equal(4, Header(trail, HttpEndpoint.StorageCallsHeader));
        Assert.Equal(4, Header(agencies, HttpEndpoint.StorageCallsHeader));
        Assert.Equal(5, Header(search, HttpEndpoint.StorageCallsHeader));
    }

    /// <summary>Other enterprises' and other persons' rows n from <paramref name="first"/> up to <paramref name="end"/>, spread over the last month.</summary>
    private Task SeedOthersAsync(IReadOnlyList<string> ids, int first, int end, DateTimeOffset now) =>
        Api.SeedAsync(ids.SelectMany(id => Enumerable.Range(first, end - first).SelectMany(n => new[]
        {
            Row(LoginLogEntity.EnterprisePartition(id), now.AddMinutes(-(n * 150) - 1), Ip(n % 250)),
            Row(LoginLogEntity.PersonPartition(id), now.AddMinutes(-(n * 150) - 1), Ip(n % 250)),
        })));

    private async Task<((int Calls, int Entities) Enterprise, (int Calls, int Entities) Mine)> MeasureAsync(TestSession manager)
    {
        var enterprise = await Api.GetAsync(manager, "/api/enterprise/login-logs?pageSize=20");
        var mine = await Api.GetAsync(manager, "/api/me/login-logs?pageSize=20");
        Assert.Equal(20, (await enterprise.AssertOkAsync()).GetProperty("items").GetArrayLength());
        Assert.Equal(20, (await mine.AssertOkAsync()).GetProperty("items").GetArrayLength());
        return (
            (Header(enterprise, HttpEndpoint.StorageCallsHeader), Header(enterprise, "X-Storage-Entities")),
            (Header(mine, HttpEndpoint.StorageCallsHeader), Header(mine, "X-Storage-Entities")));
    }
}
