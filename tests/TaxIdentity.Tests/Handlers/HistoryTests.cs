using System.Net;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Handlers;

/// <summary>D7: deleted, withdrawn, rejected and expired records of invitations, applications and handlers; filters; clearing.</summary>
public sealed class HistoryTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task History_SaysWhichKindAndSource_NewestFirst_AndFilters()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (withdrawn, rejected, deleted, applicant) = await FillHistoryAsync(enterprise);

        var all = await Api.HistoryAsync(enterprise.Manager);
        var onlyRejected = await Api.HistoryAsync(enterprise.Manager, "?kind=rejected");
        var purchasers = await Api.HistoryAsync(enterprise.Manager, "?identityType=invoicePurchaser");
        var byFuzzyName = await Api.HistoryAsync(enterprise.Manager, "?name=" + Uri.EscapeDataString(deleted.Name[1..5]));
        var badKind = await Api.GetAsync(enterprise.Manager, "/api/enterprise/history?kind=lost");

        Assert.Equal(4, all.Length);
        var times = all.Select(record => record.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(time => time), times);
        Assert.Equal(
            ["deleted/handler", "rejected/application", "rejected/invitation", "withdrawn/invitation"],
            all.Select(record => record.GetProperty("kind").GetString() + "/" + record.GetProperty("source").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, onlyRejected.Length);
        Assert.Equal("invoicePurchaser", Assert.Single(purchasers).GetProperty("identityType").GetString());
        Assert.Equal("deleted", Assert.Single(byFuzzyName).GetProperty("kind").GetString());
        Assert.All(all, record => Assert.Contains("*", record.GetProperty("personName").GetString(), StringComparison.Ordinal));
        await badKind.AssertFieldErrorAsync("kind");
        Assert.NotNull(withdrawn);
        Assert.NotNull(rejected);
        Assert.NotNull(applicant);
    }

    [Fact]
    public async Task Clear_RemovesTheRecordsMatchingTheFilters_AndNoOthers_AndSaysHowMany()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        await FillHistoryAsync(enterprise);

        var cleared = await (await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, "/api/enterprise/history?kind=rejected")).AssertOkAsync();

        Assert.Equal(2, cleared.GetProperty("cleared").GetInt32());
        var left = await Api.HistoryAsync(enterprise.Manager);
        Assert.Equal(["deleted", "withdrawn"], left.Select(record => record.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));

        var all = await (await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, "/api/enterprise/history?all=true")).AssertOkAsync();

        Assert.Equal(2, all.GetProperty("cleared").GetInt32());
        Assert.Empty(await Api.HistoryAsync(enterprise.Manager));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?all=false")]
    [InlineData("?name=")]
    [InlineData("?kind=&all=true")]
    [InlineData("?identityType=")]
    [InlineData("?all=yes")]
    public async Task Clear_WithoutAFilterOrAllTrue_OrWithAnEmptyFilterValue_IsRefused_AndClearsNothing(string query)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        await FillHistoryAsync(enterprise);

        var refused = await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, "/api/enterprise/history" + query);

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(4, (await Api.HistoryAsync(enterprise.Manager)).Length);
    }

    [Fact]
    public async Task EveryClearing_IsRecorded_SeenOnlyByTheLegalRepresentativeAndFinancialOfficer_AndNeverCleared()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (_, admin) = await Api.AdministratorAsync(enterprise, ["handlerManagement", "queries"]);
        await FillHistoryAsync(enterprise);

        await (await Api.SendAsync(admin, HttpMethod.Delete, "/api/enterprise/history?kind=withdrawn&identityType=taxClerk")).AssertOkAsync();
        await (await Api.SendAsync(admin, HttpMethod.Delete, "/api/enterprise/history?all=true")).AssertOkAsync();

        await (await Api.GetAsync(admin, "/api/enterprise/history/clearings")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var clearings = await Api.ListAsync(enterprise.Manager, "/api/enterprise/history/clearings");
        Assert.Equal(2, clearings.Length);
        var newest = clearings[0];
        Assert.Equal("administrator", newest.GetProperty("identityType").GetString());
        Assert.Equal(3, newest.GetProperty("count").GetInt32());
        Assert.True(newest.GetProperty("filters").GetProperty("all").GetBoolean());
        Assert.Contains("*", newest.GetProperty("clearedBy").GetString(), StringComparison.Ordinal);
        var first = clearings[1];
        Assert.Equal(1, first.GetProperty("count").GetInt32());
        Assert.Equal("withdrawn", first.GetProperty("filters").GetProperty("kind").GetString());
        Assert.Equal("taxClerk", first.GetProperty("filters").GetProperty("identityType").GetString());

        await (await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, "/api/enterprise/history?all=true")).AssertOkAsync();
        Assert.Equal(3, (await Api.ListAsync(enterprise.Manager, "/api/enterprise/history/clearings")).Length);
    }

    [Fact]
    public async Task OtherEnterprisesHistory_IsNeverShownOrCleared()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var other = await Api.EnterpriseWithManagerAsync();
        await FillHistoryAsync(other);

        Assert.Empty((await Api.HistoryAsync(enterprise.Manager)));
        var cleared = await (await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, "/api/enterprise/history?all=true")).AssertOkAsync();
        Assert.Equal(0, cleared.GetProperty("cleared").GetInt32());
        Assert.Equal(4, (await Api.HistoryAsync(other.Manager)).Length);
        Assert.Empty(await Api.ListAsync(other.Manager, "/api/enterprise/history/clearings"));
    }

    /// <summary>One withdrawn and one rejected invitation, one rejected application, one deleted handler.</summary>
    private async Task<(TestPerson Withdrawn, TestPerson Rejected, TestPerson Deleted, TestPerson Applicant)> FillHistoryAsync(TestEnterprise enterprise)
    {
        var withdrawn = await Api.RegisterAsync();
        var withdrawnId = await Api.InviteAsync(enterprise.Manager, withdrawn);
        await (await Api.PostAsync(enterprise.Manager, $"/api/enterprise/invitations/{withdrawnId}/withdraw")).AssertOkAsync(HttpStatusCode.NoContent);

        var rejected = await Api.RegisterAsync();
        var rejectedId = await Api.InviteAsync(enterprise.Manager, rejected, "invoicePurchaser", ["invoicePurchase"]);
        await (await Api.PostAsync(await Api.PersonalLoginAsync(rejected), $"/api/me/authorizations/{rejectedId}/reject")).AssertOkAsync(HttpStatusCode.NoContent);

        var applicant = await Api.RegisterAsync();
        var applicationId = await Api.ApplyAsync(await Api.PersonalLoginAsync(applicant), enterprise.CreditCode);
        await (await Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/reject", new { reason = "no" })).AssertOkAsync(HttpStatusCode.NoContent);

        var deleted = await Api.AddHandlerAsync(enterprise);
        await (await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", deleted.PersonId)}"))
            .AssertOkAsync(HttpStatusCode.NoContent);
        return (withdrawn, rejected, deleted, applicant);
    }
}
