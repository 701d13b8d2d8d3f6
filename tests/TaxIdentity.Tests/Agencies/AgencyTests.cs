using System.Net;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Agencies;

/// <summary>G1: a manager holding myAgencies sees the agencies serving the enterprise of the current identity, and only those.</summary>
public sealed class AgencyTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task MyAgencies_ListTheEnterprisesAgencies_WithEveryColumn_LatestServiceFirst()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var agencyCode = TestData.CreditCode();
        var older = await PutAgencyAsync(enterprise.CreditCode, agencyCode, "2025-01-01", "2025-12-31", "terminated");
        var current = await PutAgencyAsync(enterprise.CreditCode, agencyCode, "2026-01-01", "2026-12-31", "active");

        var agencies = await Api.ListAsync(enterprise.Manager, "/api/enterprise/agencies");

        Assert.Equal([current, older], agencies.Select(agency => agency.GetProperty("agreementNumber").GetString()));
        var first = agencies[0];
        Assert.Equal("西藏诚信税务师事务所有限公司", first.GetProperty("agencyName").GetString());
        Assert.Equal(agencyCode, first.GetProperty("agencyCreditCode").GetString());
        Assert.Equal("王芳", first.GetProperty("agentName").GetString());
        Assert.Equal("taxClerk", first.GetProperty("identityType").GetString());
        Assert.Equal("2026-01-01", first.GetProperty("serviceStart").GetString());
        Assert.Equal("2026-12-31", first.GetProperty("serviceEnd").GetString());
        Assert.Equal("active", first.GetProperty("status").GetString());
        Assert.Equal("terminated", agencies[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task MyAgencies_NeverShowAnotherEnterprisesAgencies()
    {
        var mine = await Api.EnterpriseWithManagerAsync();
        var theirs = await Api.EnterpriseWithManagerAsync();
        await PutAgencyAsync(theirs.CreditCode, TestData.CreditCode(), "2026-01-01", "2026-12-31", "active");

        Assert.Empty(await Api.ListAsync(mine.Manager, "/api/enterprise/agencies"));
        Assert.Single(await Api.ListAsync(theirs.Manager, "/api/enterprise/agencies"));
    }

    [Fact]
    public async Task MyAgencies_ForATaxClerk_AreForbidden()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var clerk = await Api.RegisterAsync();
        await Api.GrantAsync(enterprise.EnterpriseId, clerk.PersonId, IdentityType.TaxClerk);
        var session = await Api.EnterpriseLoginAsync(clerk, enterprise.CreditCode);

        var response = await Api.GetAsync(session, "/api/enterprise/agencies");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<string> PutAgencyAsync(string creditCode, string agencyCode, string start, string end, string status)
    {
        var agreement = "DL-" + Guid.NewGuid().ToString("N")[..10];
        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{creditCode}/agencies/{agreement}", new
        {
            agencyName = "西藏诚信税务师事务所有限公司",
            agencyCreditCode = agencyCode,
            agentName = "王芳",
            identityType = "taxClerk",
            serviceStart = start,
            serviceEnd = end,
            status,
        })).AssertOkAsync();
        return agreement;
    }
}
