using System.Net;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Delegation;

/// <summary>D9 and E1: a person applies to act for an enterprise; its managers approve or reject; the applicant withdraws.</summary>
public sealed class ApplicationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task Apply_MakesAPendingApplication_ThatTheManagersReview()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        var applicant = await Api.PersonalLoginAsync(person);

        var applicationId = await Api.ApplyAsync(applicant, enterprise.CreditCode, functions: ["declarationPayment", "queries"], reason: "新入职会计");

        var review = Assert.Single(await Api.ListAsync(enterprise.Manager, "/api/enterprise/applications"));
        Assert.Equal(applicationId, review.GetProperty("applicationId").GetString());
        Assert.Equal("pending", review.GetProperty("status").GetString());
        Assert.Equal("新入职会计", review.GetProperty("reason").GetString());
        Assert.Contains("*", review.GetProperty("personName").GetString(), StringComparison.Ordinal);
        Assert.Contains("*", review.GetProperty("idNumber").GetString(), StringComparison.Ordinal);
        var mine = Assert.Single(await Api.ListAsync(applicant, "/api/me/applications"));
        Assert.Equal(applicationId, mine.GetProperty("applicationId").GetString());
        Assert.Contains("*", mine.GetProperty("enterpriseName").GetString(), StringComparison.Ordinal);
        Assert.Contains("*", mine.GetProperty("creditCode").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_WithChosenFunctionsAndValidity_MakesTheApplicantAHandler()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        var applicant = await Api.PersonalLoginAsync(person);
        var applicationId = await Api.ApplyAsync(applicant, enterprise.CreditCode);
        var validUntil = Api.InDays(90);

        await (await Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/approve",
            new { functions = new[] { "queries" }, validUntil })).AssertOkAsync(HttpStatusCode.NoContent);

        var handler = Assert.Single((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", person.PersonId)));
        Assert.Equal(["queries"], handler.GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(validUntil, handler.GetProperty("validUntil").GetString());
        Assert.Equal("approved", Assert.Single(await Api.ListAsync(applicant, "/api/me/applications")).GetProperty("status").GetString());
        Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/applications")));
        var enterprises = await Api.ListAsync(applicant, "/api/me/enterprises");
        Assert.Single(enterprises.WithProperty("enterpriseId", enterprise.EnterpriseId));
    }

    [Fact]
    public async Task Approve_WithAFunctionBeyondTheIdentityType_OrAPastValidity_IsRefused()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var applicant = await Api.PersonalLoginAsync(await Api.RegisterAsync());
        var applicationId = await Api.ApplyAsync(applicant, enterprise.CreditCode);

        var managerOnly = await Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/approve",
            new { functions = new[] { "handlerManagement" }, validUntil = Api.InDays(90) });
        var past = await Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/approve",
            new { functions = new[] { "queries" }, validUntil = Api.InDays(-3) });

        await managerOnly.AssertFieldErrorAsync("functions");
        await past.AssertFieldErrorAsync("validUntil");
        Assert.Equal("pending", Assert.Single(await Api.ListAsync(applicant, "/api/me/applications")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reject_GoesToHistoryAsRejectedFromAnApplication_WithItsReason_WhichTheApplicantSees()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var applicant = await Api.PersonalLoginAsync(await Api.RegisterAsync());
        var applicationId = await Api.ApplyAsync(applicant, enterprise.CreditCode);

        await (await Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/reject", new { reason = "不认识" }))
            .AssertOkAsync(HttpStatusCode.NoContent);

        var record = Assert.Single(await Api.HistoryAsync(enterprise.Manager));
        Assert.Equal("rejected", record.GetProperty("kind").GetString());
        Assert.Equal("application", record.GetProperty("source").GetString());
        Assert.Equal("不认识", record.GetProperty("reason").GetString());
        var mine = Assert.Single(await Api.ListAsync(applicant, "/api/me/applications"));
        Assert.Equal("rejected", mine.GetProperty("status").GetString());
        Assert.Equal("不认识", mine.GetProperty("rejectReason").GetString());
    }

    [Fact]
    public async Task Reject_WithoutABody_IsAccepted()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var applicant = await Api.PersonalLoginAsync(await Api.RegisterAsync());
        var applicationId = await Api.ApplyAsync(applicant, enterprise.CreditCode);

        await (await Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/reject")).AssertOkAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Withdraw_ByTheApplicant_GoesToHistoryAsWithdrawn_AndCanNotBeApprovedAfterwards()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var applicant = await Api.PersonalLoginAsync(await Api.RegisterAsync());
        var applicationId = await Api.ApplyAsync(applicant, enterprise.CreditCode);

        await (await Api.PostAsync(applicant, $"/api/me/applications/{applicationId}/withdraw")).AssertOkAsync(HttpStatusCode.NoContent);

        var record = Assert.Single(await Api.HistoryAsync(enterprise.Manager));
        Assert.Equal("withdrawn", record.GetProperty("kind").GetString());
        Assert.Equal("application", record.GetProperty("source").GetString());
        await (await Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/approve",
            new { functions = new[] { "queries" }, validUntil = Api.InDays(9) })).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await (await Api.PostAsync(applicant, $"/api/me/applications/{applicationId}/withdraw")).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Withdraw_SomeoneElsesApplication_IsNotFound()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var applicant = await Api.PersonalLoginAsync(await Api.RegisterAsync());
        var intruder = await Api.PersonalLoginAsync(await Api.RegisterAsync());
        var applicationId = await Api.ApplyAsync(applicant, enterprise.CreditCode);

        await (await Api.PostAsync(intruder, $"/api/me/applications/{applicationId}/withdraw")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("legalRepresentative")]
    [InlineData("financialOfficer")]
    public async Task Apply_ForAProtectedIdentityType_IsRefused(string identityType)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var applicant = await Api.PersonalLoginAsync(await Api.RegisterAsync());

        var refused = await Api.PostAsync(applicant, "/api/me/applications", new { creditCode = enterprise.CreditCode, identityType, functions = new[] { "queries" } });

        await refused.AssertFieldErrorAsync("identityType");
    }

    [Fact]
    public async Task Apply_ToAnUnknownEnterprise_IsNotFound()
    {
        var applicant = await Api.PersonalLoginAsync(await Api.RegisterAsync());

        var refused = await Api.PostAsync(applicant, "/api/me/applications", new { creditCode = TestData.CreditCode(), identityType = "taxClerk", functions = new[] { "queries" } });

        await refused.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Apply_WhileAnInvitationIsOpen_OrTwice_IsAConflict()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var invited = await Api.RegisterAsync();
        await Api.InviteAsync(enterprise.Manager, invited);
        var applicant = await Api.PersonalLoginAsync(await Api.RegisterAsync());
        await Api.ApplyAsync(applicant, enterprise.CreditCode);

        var whileInvited = await Api.PostAsync(await Api.PersonalLoginAsync(invited), "/api/me/applications",
            new { creditCode = enterprise.CreditCode, identityType = "invoicePurchaser", functions = new[] { "invoicePurchase" } });
        var twice = await Api.PostAsync(applicant, "/api/me/applications",
            new { creditCode = enterprise.CreditCode, identityType = "invoicePurchaser", functions = new[] { "invoicePurchase" } });

        await whileInvited.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Invite_WhileAnApplicationIsOpen_IsAConflict()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        await Api.ApplyAsync(await Api.PersonalLoginAsync(person), enterprise.CreditCode);

        var invite = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, person));

        await invite.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Apply_ForAnIdentityAlreadyHeld_IsAConflict()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.AddHandlerAsync(enterprise);

        var refused = await Api.PostAsync(await Api.PersonalLoginAsync(person), "/api/me/applications",
            new { creditCode = enterprise.CreditCode, identityType = "taxClerk", functions = new[] { "queries" } });

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task ApproveAndWithdraw_SentAtTheSameMoment_ExactlyOneWins()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        for (var round = 0; round < 8; round++)
        {
            var person = await Api.RegisterAsync();
            var applicant = await Api.PersonalLoginAsync(person);
            var applicationId = await Api.ApplyAsync(applicant, enterprise.CreditCode);

            var answers = await Task.WhenAll(
                Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/approve", new { functions = new[] { "queries" }, validUntil = Api.InDays(30) }),
                Api.PostAsync(applicant, $"/api/me/applications/{applicationId}/withdraw"));

            Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.NoContent);
            Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.Conflict);
            var status = Assert.Single(await Api.ListAsync(applicant, "/api/me/applications")).GetProperty("status").GetString();
            var handlers = (await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", person.PersonId));
            Assert.Equal(answers[0].StatusCode == HttpStatusCode.NoContent ? "approved" : "withdrawn", status);
            Assert.Equal(status == "approved" ? 1 : 0, handlers.Count);
        }
    }

    [Fact]
    public async Task OtherEnterprisesApplications_AreNotFound_AndNotListed()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var other = await Api.EnterpriseWithManagerAsync();
        var applicationId = await Api.ApplyAsync(await Api.PersonalLoginAsync(await Api.RegisterAsync()), other.CreditCode);

        var approve = await Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/approve", new { functions = new[] { "queries" }, validUntil = Api.InDays(9) });
        var reject = await Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/reject", new { });

        await approve.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await reject.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/applications")));
    }

    [Fact]
    public async Task AnUnansweredApplication_Expires_IntoHistory()
    {
        await using var api = await ApiHost.StartAsync(settings => settings["Delegation:Expiry"] = "00:00:02");
        var enterprise = await api.EnterpriseWithManagerAsync();
        var applicant = await api.PersonalLoginAsync(await api.RegisterAsync());
        await api.ApplyAsync(applicant, enterprise.CreditCode);

        var history = await DelegationKit.EventuallyAsync(() => api.HistoryAsync(enterprise.Manager), records => records.Length == 1);

        Assert.Equal("expired", history[0].GetProperty("kind").GetString());
        Assert.Equal("application", history[0].GetProperty("source").GetString());
        Assert.Equal("expired", Assert.Single(await api.ListAsync(applicant, "/api/me/applications")).GetProperty("status").GetString());
    }
}
