using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Agencies;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.CrossRegion;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Provisioning;

public sealed class ReferenceDataTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static object Agency(string start = "2026-01-01", string end = "2026-12-31") => new
    {
        agencyName = "西藏诚信税务师事务所有限公司",
        agencyCreditCode = TestData.CreditCode(),
        agentName = "王芳",
        identityType = "taxClerk",
        serviceStart = start,
        serviceEnd = end,
        status = "active",
    };

    private static object Item(string kind, string creditCode, string? managementNumber = "510107202600001") => new
    {
        kind,
        creditCode,
        province = "四川省",
        city = "成都市",
        district = "武侯区",
        taxAuthority = "国家税务总局成都市武侯区税务局",
        managementNumber,
    };

    private async Task<(string Code, string EnterpriseId)> EnterpriseAsync()
    {
        var code = TestData.CreditCode();
        var created = await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", TestData.Enterprise())).AssertOkAsync();
        return (code, created.GetProperty("enterpriseId").GetString()!);
    }

    private Task<CrossRegionItemEntity> StoredItemAsync(string enterpriseId, string kind, string itemId) =>
        StoredAsync<CrossRegionItemEntity>(enterpriseId, CrossRegionItemEntity.RowFor(kind, itemId));

    private async Task<T> StoredAsync<T>(string partitionKey, string rowKey)
        where T : class, Azure.Data.Tables.ITableEntity
    {
        var table = await Api.Services.GetRequiredService<TableStore>().GetTableAsync(TableNames.CrossRegionItems);
        return (await table.GetEntityAsync<T>(partitionKey, rowKey)).Value;
    }

    [Fact]
    public async Task PutAgency_ForKnownEnterprise_IsStoredUnderIt()
    {
        var (code, enterpriseId) = await EnterpriseAsync();

        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}/agencies/DL-2026-0001", Agency())).AssertOkAsync();

        var table = await Api.Services.GetRequiredService<TableStore>().GetTableAsync(TableNames.Agencies);
        var agency = (await table.GetEntityAsync<AgencyEntity>(enterpriseId, "DL-2026-0001")).Value;
        Assert.Equal("王芳", agency.AgentName);
        Assert.Equal("taxClerk", agency.IdentityType);
        Assert.Equal("2026-12-31", agency.ServiceEnd);
    }

    [Fact]
    public async Task PutAgency_UnknownEnterprise_IsNotFound()
    {
        var response = await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{TestData.CreditCode()}/agencies/DL-1", Agency());

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PutAgency_EndBeforeStart_IsRejected()
    {
        var (code, _) = await EnterpriseAsync();

        var response = await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}/agencies/DL-1", Agency("2026-12-31", "2026-01-01"));

        await response.AssertFieldErrorAsync("serviceEnd");
    }

    [Fact]
    public async Task PutAgency_AgreementNumberWithIllegalCharacters_IsRejected()
    {
        var (code, _) = await EnterpriseAsync();

        var response = await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}/agencies/DL%2326", Agency());

        await response.AssertFieldErrorAsync("agreementNumber");
    }

    [Fact]
    public async Task PutCrossRegionItem_Inspection_IsStored()
    {
        var (code, enterpriseId) = await EnterpriseAsync();
        var itemId = "BY-" + Guid.NewGuid().ToString("N")[..8];

        var result = await (await Api.Operator.PutJsonAsync($"/api/operator/cross-region/items/{itemId}", Item("inspection", code))).AssertOkAsync();

        Assert.Equal(enterpriseId, result.GetProperty("enterpriseId").GetString());
        var item = await StoredItemAsync(enterpriseId, "inspection", itemId);
        Assert.Equal(code, item.CreditCode);
        Assert.Equal("武侯区", item.District);
        Assert.Equal("510107202600001", item.ManagementNumber);
        var locator = await StoredAsync<CrossRegionItemLocator>(CrossRegionItemLocator.KeyFor(itemId), string.Empty);
        Assert.Equal((enterpriseId, "inspection"), (locator.EnterpriseId, locator.Kind));
    }

    [Fact]
    public async Task PutCrossRegionItem_InspectionWithoutManagementNumber_IsRejected()
    {
        var (code, _) = await EnterpriseAsync();

        var response = await Api.Operator.PutJsonAsync($"/api/operator/cross-region/items/BY-{Guid.NewGuid():N}", Item("inspection", code, managementNumber: null));

        await response.AssertFieldErrorAsync("managementNumber");
    }

    [Fact]
    public async Task PutCrossRegionItem_TaxSourceWithoutManagementNumber_IsAccepted()
    {
        var (code, enterpriseId) = await EnterpriseAsync();
        var itemId = "SY-" + Guid.NewGuid().ToString("N")[..8];

        await (await Api.Operator.PutJsonAsync($"/api/operator/cross-region/items/{itemId}", Item("taxSource", code, managementNumber: null))).AssertOkAsync();

        var item = await StoredItemAsync(enterpriseId, "taxSource", itemId);
        Assert.Equal("taxSource", item.Kind);
        Assert.Null(item.ManagementNumber);
    }

    [Fact]
    public async Task PutCrossRegionItem_MovedToAnotherEnterprise_IsAConflict()
    {
        var (first, _) = await EnterpriseAsync();
        var (second, _) = await EnterpriseAsync();
        var route = $"/api/operator/cross-region/items/BY-{Guid.NewGuid():N}";
        await (await Api.Operator.PutJsonAsync(route, Item("inspection", first))).AssertOkAsync();

        var response = await Api.Operator.PutJsonAsync(route, Item("inspection", second));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task PutCrossRegionItem_UnknownEnterprise_IsNotFound()
    {
        var response = await Api.Operator.PutJsonAsync($"/api/operator/cross-region/items/BY-{Guid.NewGuid():N}", Item("inspection", TestData.CreditCode()));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
