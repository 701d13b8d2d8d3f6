using System.Net;
using Azure.Data.Tables;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.EnterpriseInfo;

/// <summary>
/// C1: the enterprise of the current identity, masked, with the caller's identities in it (the current one marked);
/// C2: the full name only through a reveal, each reveal recorded (who, when, which field) in a trail managers read.
/// </summary>
public sealed class EnterpriseInfoTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string RevealAuditTable = "RevealAudits";

    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task BasicInfo_IsMasked_WithRealNameStatusItsRequirementsAndTheTaxAuthority()
    {
        var person = await Api.RegisterAsync();
        var name = "拉萨雪域" + Guid.NewGuid().ToString("N")[..6] + "商贸有限公司";
        var (code, enterpriseId) = await Api.ProvisionAsync(person, name: name);
        var session = await Api.EnterpriseLoginAsync(person, code);

        var info = await Api.ReadAsync(session, "/api/enterprise");

        Assert.Equal(enterpriseId, info.GetProperty("enterpriseId").GetString());
        Assert.Equal(Mask.CreditCode(code), info.GetProperty("creditCode").GetString());
        Assert.Equal(Mask.EnterpriseName(name), info.GetProperty("name").GetString());
        Assert.Equal(Mask.PersonName(person.Name), info.GetProperty("legalRepresentative").GetString());
        Assert.True(info.GetProperty("realNameVerified").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("realNameRequirements").GetString()));
        Assert.Equal("国家税务总局拉萨市城关区税务局", info.GetProperty("taxAuthority").GetString());
        Assert.DoesNotContain(name, info.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(code, info.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BasicInfo_ListsEveryIdentityICanUseThere_TheCurrentOneMarked()
    {
        var person = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.ProvisionAsync(person, person);
        await Api.GrantAsync(enterpriseId, person.PersonId, IdentityType.TaxClerk);
        await Api.GrantAsync(enterpriseId, person.PersonId, IdentityType.InvoicePurchaser, Api.BureauToday().AddDays(-1));
        var session = await Api.EnterpriseLoginAsync(person, code, "financialOfficer");

        var identities = (await Api.ReadAsync(session, "/api/enterprise")).GetProperty("identities").EnumerateArray()
            .Select(identity => (identity.GetProperty("identityType").GetString(), identity.GetProperty("current").GetBoolean())).ToList();

        // Highest-ranked first; the invoice purchaser identity, past its validity end, is not one the person can use.
        Assert.Equal([("legalRepresentative", false), ("financialOfficer", true), ("taxClerk", false)], identities);
    }

    [Fact]
    public async Task BasicInfo_InPersonalBusiness_IsForbidden()
    {
        var person = await Api.RegisterAsync();
        await Api.EnterpriseOfAsync(person);
        var session = await Api.PersonalLoginAsync(person);

        var response = await Api.GetAsync(session, "/api/enterprise");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Reveal_AnswersTheFullName_AndRecordsWhoWhenAndWhichField()
    {
        var person = await Api.RegisterAsync();
        var name = "雪域" + Guid.NewGuid().ToString("N")[..6] + "有限公司";
        var (code, enterpriseId) = await Api.ProvisionAsync(person, name: name);
        var session = await Api.EnterpriseLoginAsync(person, code);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var revealed = await (await Api.PostAsync(session, "/api/enterprise/reveal", new { field = "name" })).AssertOkAsync();

        Assert.Equal(name, revealed.GetProperty("value").GetString());
        var record = Assert.Single(await StoredRevealsAsync(enterpriseId));
        Assert.Equal(person.PersonId, record.GetString("PersonId"));
        Assert.Equal("legalRepresentative", record.GetString("IdentityType"));
        Assert.Equal("name", record.GetString("Field"));
        Assert.InRange(record.GetDateTimeOffset("At")!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Reveal_ByATaxClerk_IsAnsweredAndAudited_ButOnlyManagersReadTheTrail()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var clerk = await Api.RegisterAsync();
        await Api.GrantAsync(enterprise.EnterpriseId, clerk.PersonId, IdentityType.TaxClerk);
        var clerkSession = await Api.EnterpriseLoginAsync(clerk, enterprise.CreditCode);

        await (await Api.PostAsync(clerkSession, "/api/enterprise/reveal", new { field = "name" })).AssertOkAsync();
        await (await Api.PostAsync(enterprise.Manager, "/api/enterprise/reveal", new { field = "name" })).AssertOkAsync();

        var trail = (await Api.ReadAsync(enterprise.Manager, "/api/enterprise/reveals")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["legalRepresentative", "taxClerk"], trail.Select(item => item.GetProperty("identityType").GetString()));
        Assert.Equal(Mask.PersonName(clerk.Name), trail[1].GetProperty("personName").GetString());
        Assert.All(trail, item => Assert.Equal("name", item.GetProperty("field").GetString()));
        await (await Api.GetAsync(clerkSession, "/api/enterprise/reveals")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task RevealTrail_NeverShowsAnotherEnterprisesReveals()
    {
        var mine = await Api.EnterpriseWithManagerAsync();
        var theirs = await Api.EnterpriseWithManagerAsync();
        await (await Api.PostAsync(theirs.Manager, "/api/enterprise/reveal", new { field = "name" })).AssertOkAsync();

        var trail = await Api.ReadAsync(mine.Manager, "/api/enterprise/reveals");

        Assert.Empty(trail.GetProperty("items").EnumerateArray());
        Assert.Empty(await StoredRevealsAsync(mine.EnterpriseId));
    }

    [Theory]
    [InlineData("{\"field\":\"creditCodeOfSomeoneElse\"}", "field")]
    [InlineData("{}", "field")]
    public async Task Reveal_OfNoKnownField_IsAValidationError_AndRecordsNothing(string body, string field)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        using var client = Api.WithToken(enterprise.Manager.AccessToken);

        var response = await client.SendRawAsync(HttpMethod.Post, "/api/enterprise/reveal", body);

        await response.AssertFieldErrorAsync(field);
        Assert.Empty(await StoredRevealsAsync(enterprise.EnterpriseId));
    }

    private async Task<IReadOnlyList<TableEntity>> StoredRevealsAsync(string enterpriseId)
    {
        var table = await Api.Service<TableStore>().GetTableAsync(RevealAuditTable);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"EnterpriseId eq {enterpriseId}")))
        {
            rows.Add(row);
        }

        return rows;
    }
}
