using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.CrossRegion;

/// <summary>
/// H3 with D8's rule: a cross-region item past its validity end (the bureau's day) is neither listed nor switchable,
/// and a session acting in an item ends on its next request once the item lapses, whether or not anything fired.
/// </summary>
public sealed class CrossRegionValidityTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string Inspections = "/api/cross-region/inspection-items";
    private const string TaxSources = "/api/cross-region/tax-sources";

    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task ExpiredItem_IsNeitherListedNorSwitchable()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var lapsed = await PutItemAsync(enterprise.CreditCode, "inspection", validTo: Api.InDays(-1));
        var current = await PutItemAsync(enterprise.CreditCode, "inspection", validTo: Api.InDays(0));
        var lapsedSource = await PutItemAsync(enterprise.CreditCode, "taxSource", validTo: Api.InDays(-1));

        var inspections = await Api.ListAsync(enterprise.Manager, Inspections);
        var sources = await Api.ListAsync(enterprise.Manager, TaxSources);
        var switchIntoLapsed = await SwitchAsync(enterprise.Manager, "crossRegionInspection", lapsed);
        var switchIntoLapsedSource = await SwitchAsync(enterprise.Manager, "crossRegionTaxSource", lapsedSource);

        Assert.Equal([current], inspections.Select(item => item.GetProperty("itemId").GetString()));
        Assert.Empty(sources);
        await switchIntoLapsed.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await switchIntoLapsedSource.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Null((await Api.StoredSessionAsync(enterprise.Manager)).ItemId);
    }

    [Fact]
    public async Task ItemSession_EndsWhenItsItemLapses_AndCantBeRefreshed()
    {
        // Five minutes before the bureau's midnight (in the past, as stored timestamps expect), so the lapse comes
        // well within the access token's lifetime.
        var local = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var clock = new FakeTimeProvider(new DateTimeOffset(local.Date, TimeSpan.FromHours(8)).AddMinutes(-5));
        await using var api = await ApiHost.StartOnClockAsync(clock);
        var enterprise = await api.EnterpriseWithManagerAsync();
        var itemId = await PutItemAsync(api, enterprise.CreditCode, "taxSource", validTo: api.InDays(0));
        var inItem = Accounts.ToSession(await (await SwitchAsync(api, enterprise.Manager, "crossRegionTaxSource", itemId)).AssertOkAsync());
        await (await api.GetAsync(inItem, "/api/me/identities")).AssertOkAsync();

        clock.Advance(TimeSpan.FromMinutes(6));

        await (await api.GetAsync(inItem, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await api.RefreshAsync(inItem.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.True((await api.StoredSessionAsync(inItem)).Revoked);
    }

    [Fact]
    public async Task ItemSession_EndsWhenTheTaxOfficeEndsTheItemEarly()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var itemId = await PutItemAsync(enterprise.CreditCode, "inspection", validTo: Api.InDays(30));
        var inItem = Accounts.ToSession(await (await SwitchAsync(enterprise.Manager, "crossRegionInspection", itemId)).AssertOkAsync());

        await PutItemAsync(enterprise.CreditCode, "inspection", validTo: Api.InDays(-1), itemId: itemId);

        await (await Api.GetAsync(inItem, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    private Task<HttpResponseMessage> SwitchAsync(TestSession session, string kind, string itemId) => SwitchAsync(Api, session, kind, itemId);

    private static async Task<HttpResponseMessage> SwitchAsync(ApiHost api, TestSession session, string kind, string itemId)
    {
        using var client = api.WithToken(session.AccessToken);
        return await client.PostAsJsonAsync("/api/auth/switch", new { kind, itemId });
    }

    private Task<string> PutItemAsync(string creditCode, string kind, string validTo, string? itemId = null) => PutItemAsync(Api, creditCode, kind, validTo, itemId);

    private static async Task<string> PutItemAsync(ApiHost api, string creditCode, string kind, string validTo, string? itemId = null)
    {
        itemId ??= (kind == "inspection" ? "BY-" : "SY-") + Guid.NewGuid().ToString("N")[..16];
        await (await api.Operator.PutJsonAsync($"/api/operator/cross-region/items/{itemId}", new
        {
            kind,
            creditCode,
            province = "四川省",
            city = "成都市",
            district = "武侯区",
            taxAuthority = "国家税务总局成都市武侯区税务局",
            managementNumber = kind == "inspection" ? "5101072026" + Random.Shared.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture) : null,
            validFrom = api.InDays(-60),
            validTo,
        })).AssertOkAsync();
        return itemId;
    }
}
