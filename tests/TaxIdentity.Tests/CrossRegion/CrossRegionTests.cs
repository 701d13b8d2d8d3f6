using System.Net;
using System.Net.Http.Json;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Login;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;
using TaxIdentity.Tests.LoginLogs;

namespace TaxIdentity.Tests.CrossRegion;

/// <summary>
/// H3: the inspection items (by province, city, district, tax authority and management number) and tax-source
/// registrations (by region and tax authority) of the enterprise of the current identity, and switching into one.
/// </summary>
public sealed class CrossRegionTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string Inspections = "/api/cross-region/inspection-items";
    private const string TaxSources = "/api/cross-region/tax-sources";
    private const string WuHou = "国家税务总局成都市武侯区税务局";
    private const string JinJiang = "国家税务总局成都市锦江区税务局";

    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task InspectionSearch_FiltersByRegionTaxAuthorityAndManagementNumber()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var wuhou = await PutItemAsync(enterprise.CreditCode, "inspection", "武侯区", WuHou, "510107202600001");
        var wuhouToo = await PutItemAsync(enterprise.CreditCode, "inspection", "武侯区", WuHou, "510107202600002");
        var jinjiang = await PutItemAsync(enterprise.CreditCode, "inspection", "锦江区", JinJiang, "510104202600001");
        await PutItemAsync(enterprise.CreditCode, "taxSource", "武侯区", WuHou, null);

        Assert.Equal(Sorted(wuhou, wuhouToo, jinjiang), ItemIds(await Api.ListAsync(enterprise.Manager, Inspections)));
        Assert.Equal(Sorted(wuhou, wuhouToo), ItemIds(await Api.ListAsync(enterprise.Manager, $"{Inspections}?province=四川省&city=成都市&district=武侯区")));
        Assert.Equal([jinjiang], ItemIds(await Api.ListAsync(enterprise.Manager, $"{Inspections}?taxAuthority={Uri.EscapeDataString(JinJiang)}")));
        Assert.Equal([wuhouToo], ItemIds(await Api.ListAsync(enterprise.Manager, $"{Inspections}?district=武侯区&managementNumber=510107202600002")));
        Assert.Empty(await Api.ListAsync(enterprise.Manager, $"{Inspections}?province=青海省"));
    }

    [Fact]
    public async Task InspectionItems_ShowTheirColumns_WithTheEnterpriseMasked()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var itemId = await PutItemAsync(enterprise.CreditCode, "inspection", "武侯区", WuHou, "510107202600009");

        var item = Assert.Single(await Api.ListAsync(enterprise.Manager, Inspections));

        Assert.Equal(itemId, item.GetProperty("itemId").GetString());
        Assert.Equal("inspection", item.GetProperty("kind").GetString());
        Assert.Equal(Mask.CreditCode(enterprise.CreditCode), item.GetProperty("creditCode").GetString());
        Assert.Equal(Mask.EnterpriseName("测试商贸有限公司"), item.GetProperty("enterpriseName").GetString());
        Assert.Equal(("四川省", "成都市", "武侯区"), (item.GetProperty("province").GetString(), item.GetProperty("city").GetString(), item.GetProperty("district").GetString()));
        Assert.Equal(WuHou, item.GetProperty("taxAuthority").GetString());
        Assert.Equal("510107202600009", item.GetProperty("managementNumber").GetString());
        Assert.Equal("2026-03-01", item.GetProperty("validFrom").GetString());
        Assert.Equal("2099-12-31", item.GetProperty("validTo").GetString());
    }

    [Fact]
    public async Task TaxSourceSearch_ListsOnlyTaxSources_ByRegionAndTaxAuthority()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        await PutItemAsync(enterprise.CreditCode, "inspection", "武侯区", WuHou, "510107202600003");
        var source = await PutItemAsync(enterprise.CreditCode, "taxSource", "武侯区", WuHou, null);
        var other = await PutItemAsync(enterprise.CreditCode, "taxSource", "锦江区", JinJiang, null);

        Assert.Equal(Sorted(source, other), ItemIds(await Api.ListAsync(enterprise.Manager, TaxSources)));
        Assert.Equal([source], ItemIds(await Api.ListAsync(enterprise.Manager, $"{TaxSources}?district=武侯区&taxAuthority={Uri.EscapeDataString(WuHou)}")));
    }

    [Fact]
    public async Task Searches_NeverShowAnotherEnterprisesItems()
    {
        var mine = await Api.EnterpriseWithManagerAsync();
        var theirs = await Api.EnterpriseWithManagerAsync();
        await PutItemAsync(theirs.CreditCode, "inspection", "武侯区", WuHou, "510107202600004");
        await PutItemAsync(theirs.CreditCode, "taxSource", "武侯区", WuHou, null);

        Assert.Empty(await Api.ListAsync(mine.Manager, Inspections));
        Assert.Empty(await Api.ListAsync(mine.Manager, TaxSources));
    }

    [Fact]
    public async Task Searches_InPersonalBusiness_AreForbidden()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var personal = await Api.PersonalLoginAsync(enterprise.LegalRepresentative);

        await (await Api.GetAsync(personal, Inspections)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Api.GetAsync(personal, TaxSources)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Search_WithAnOverlongFilter_IsAValidationError()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();

        var response = await Api.GetAsync(enterprise.Manager, $"{Inspections}?district={new string('区', 101)}");

        await response.AssertFieldErrorAsync("district");
    }

    [Fact]
    public async Task Switch_IntoAFoundItem_MakesItCurrent_AndTheLoginLogRecordsIt()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var itemId = await PutItemAsync(enterprise.CreditCode, "taxSource", "武侯区", WuHou, null);
        var found = Assert.Single(await Api.ListAsync(enterprise.Manager, $"{TaxSources}?district=武侯区"));

        using var client = Api.WithToken(enterprise.Manager.AccessToken);
        var switched = await (await client.PostAsJsonAsync("/api/auth/switch", new { kind = "crossRegionTaxSource", itemId = found.GetProperty("itemId").GetString() }))
            .AssertOkAsync();

        var current = switched.GetProperty("current");
        Assert.Equal(("crossRegionTaxSource", itemId), (current.GetProperty("kind").GetString(), current.GetProperty("itemId").GetString()));
        var session = Accounts.ToSession(switched);
        Assert.Equal(itemId, (await Api.StoredSessionAsync(session)).ItemId);
        foreach (var partition in new[] { LoginLogEntity.EnterprisePartition(enterprise.EnterpriseId), LoginLogEntity.PersonPartition(enterprise.LegalRepresentative.PersonId) })
        {
            var newest = (await Api.LoginLogsAsync(partition))[0];
            Assert.Equal(("switch", "success", itemId), (newest.Method, newest.Outcome, newest.ItemId));
            Assert.Equal(("enterprise", "legalRepresentative"), (newest.LoginType, newest.IdentityType));
        }

        var logged = (await Api.PageAsync(session, "/api/me/login-logs")).GetProperty("items")[0];
        Assert.Equal(("switch", itemId), (logged.GetProperty("method").GetString(), logged.GetProperty("itemId").GetString()));
        await (await Api.GetAsync(session, Inspections)).AssertOkAsync();
    }

    private static IReadOnlyList<string> ItemIds(IEnumerable<System.Text.Json.JsonElement> items) =>
        [.. items.Select(item => item.GetProperty("itemId").GetString()!).Order(StringComparer.Ordinal)];

    private static IReadOnlyList<string> Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    private async Task<string> PutItemAsync(string creditCode, string kind, string district, string taxAuthority, string? managementNumber)
    {
        var itemId = (kind == "inspection" ? "BY-" : "SY-") + Guid.NewGuid().ToString("N")[..16];
        await (await Api.Operator.PutJsonAsync($"/api/operator/cross-region/items/{itemId}", new
        {
            kind,
            creditCode,
            province = "四川省",
            city = "成都市",
            district,
            taxAuthority,
            managementNumber,
            businessAddress = "成都市" + district + "人民南路四段1号",
            validFrom = "2026-03-01",
            validTo = "2099-12-31",
        })).AssertOkAsync();
        return itemId;
    }
}
