using System.Net;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Delegation;

/// <summary>D1-D3 and E1: inviting a natural person, the pending list, withdrawing, confirming and rejecting.</summary>
public sealed class InvitationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task Preview_ShowsWhatWasTyped_Masked_WithTheRiskNotice()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();

        var preview = await (await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations/preview",
            DelegationKit.InvitationBody(Api, person, riskAcknowledged: null))).AssertOkAsync();

        var summary = preview.GetProperty("summary");
        Assert.Equal(person.Name[..1] + new string('*', person.Name.Length - 1), summary.GetProperty("name").GetString());
        Assert.Equal(person.IdNumber[..3] + new string('*', 11) + person.IdNumber[^4..], summary.GetProperty("idNumber").GetString());
        Assert.Equal("taxClerk", summary.GetProperty("identityType").GetString());
        Assert.False(string.IsNullOrEmpty(preview.GetProperty("riskNotice").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Preview_AnswersARegisteredMatchingPair_NoDifferentlyFromAWrongNameOrAnUnknownId()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var other = await Api.EnterpriseWithManagerAsync();
        var person = await Api.AddHandlerAsync(other);
        var wrongName = DelegationKit.InvitationBody(Api, person, riskAcknowledged: null);
        wrongName["name"] = person.Name[..1] + "某某";
        var unknownId = DelegationKit.InvitationBody(Api, person, riskAcknowledged: null);
        unknownId["idNumber"] = TestKit.TestData.ResidentId();
        unknownId["name"] = person.Name;

        var answers = new List<System.Text.Json.JsonElement>();
        foreach (var body in new[] { DelegationKit.InvitationBody(Api, person, riskAcknowledged: null), wrongName, unknownId })
        {
            answers.Add(await (await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations/preview", body)).AssertOkAsync());
        }

        // Only what was typed differs; nothing says whether the name belongs to the ID or whom it names.
        Assert.All(answers, answer => Assert.Equal(answers[0].GetProperty("riskNotice").GetRawText(), answer.GetProperty("riskNotice").GetRawText()));
        Assert.All(answers, answer => Assert.Equal(["riskNotice", "summary"], answer.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Previews_AreThrottledPerManager()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        var body = DelegationKit.InvitationBody(Api, person, riskAcknowledged: null);

        var answers = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ => Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations/preview", body)));

        Assert.Contains(answers, answer => answer.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(answers.Count(answer => answer.StatusCode == HttpStatusCode.OK) <= 20);
        var refused = answers.First(answer => answer.StatusCode == HttpStatusCode.TooManyRequests);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task Create_WithoutRiskAcknowledgement_IsRefused_AndNothingIsPending()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();

        var refused = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, person, riskAcknowledged: false));
        var missing = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, person, riskAcknowledged: null));

        await refused.AssertFieldErrorAsync("riskAcknowledged");
        await missing.AssertFieldErrorAsync("riskAcknowledged");
        Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/invitations")));
    }

    [Fact]
    public async Task Create_MakesAPendingInvitation_ThatBothSidesSee()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();

        var invitationId = await Api.InviteAsync(enterprise.Manager, person, functions: ["invoiceUse", "queries"]);

        var pending = Assert.Single(await Api.ListAsync(enterprise.Manager, "/api/enterprise/invitations"));
        Assert.Equal(invitationId, pending.GetProperty("invitationId").GetString());
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal(["invoiceUse", "queries"], pending.GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("*", pending.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.True(pending.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(6));
        var single = await Api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}");
        Assert.Equal("pending", single.GetProperty("status").GetString());

        var invitee = await Api.PersonalLoginAsync(person);
        var mine = Assert.Single(await Api.ListAsync(invitee, "/api/me/authorizations"));
        Assert.Equal(invitationId, mine.GetProperty("invitationId").GetString());
        Assert.Contains("*", mine.GetProperty("enterpriseName").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("legalRepresentative")]
    [InlineData("financialOfficer")]
    public async Task Create_ForAProtectedIdentityType_IsRefused(string identityType)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();

        var refused = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations",
            DelegationKit.InvitationBody(Api, person, identityType, functions: ["queries"]));

        await refused.AssertFieldErrorAsync("identityType");
    }

    [Fact]
    public async Task Create_WithAFunctionTheIdentityTypeCanNotHold_IsRefused()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();

        var managerOnly = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations",
            DelegationKit.InvitationBody(Api, person, functions: ["queries", "handlerManagement"]));
        var unknown = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations",
            DelegationKit.InvitationBody(Api, person, functions: ["flyingCarpets"]));
        var none = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, person, functions: []));

        await managerOnly.AssertFieldErrorAsync("functions");
        await unknown.AssertFieldErrorAsync("functions");
        await none.AssertFieldErrorAsync("functions");
    }

    [Fact]
    public async Task Create_WithAValidityEndInThePast_IsRefused()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();

        var refused = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, person, validUntil: Api.InDays(-1)));

        await refused.AssertFieldErrorAsync("validUntil");
    }

    [Fact]
    public async Task Create_ForAnUnregisteredId_OrAWrongName_IsRefusedAlike()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        var stranger = person with { IdNumber = TestData.ResidentId() };
        var misnamed = person with { Name = person.Name + "乙" };

        var unknown = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, stranger));
        var wrongName = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, misnamed));

        var first = await unknown.AssertFieldErrorAsync("idNumber");
        var second = await wrongName.AssertFieldErrorAsync("idNumber");
        Assert.Equal(SignInKit.WithoutTraceId(first), SignInKit.WithoutTraceId(second));
    }

    [Fact]
    public async Task Create_ForAProvisionedPersonWhoHasNotRegistered_IsRefused()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var idNumber = TestData.ResidentId();
        await (await Api.Operator.PutJsonAsync($"/api/operator/persons/residentIdCard/{idNumber}",
            new { name = "预置", phone = TestData.Phone(), existingHousehold = false, realNameLevel = 1 })).AssertOkAsync();
        var provisioned = new TestPerson("unknown", "预置", idNumber, TestData.Phone(), null, Accounts.Password);

        var refused = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, provisioned));

        await refused.AssertFieldErrorAsync("idNumber");
    }

    [Fact]
    public async Task Create_WhileAnInvitationForThePersonIsOpen_IsAConflict()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        await Api.InviteAsync(enterprise.Manager, person);

        var second = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations",
            DelegationKit.InvitationBody(Api, person, "invoicePurchaser", functions: ["invoicePurchase"]));

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Single(await Api.ListAsync(enterprise.Manager, "/api/enterprise/invitations"));
    }

    [Fact]
    public async Task Create_ConcurrentlyForOnePerson_LeavesExactlyOneOpenInvitation()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, person))));

        Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(answer => answer.StatusCode != HttpStatusCode.Created), answer => Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode));
        Assert.Single(await Api.ListAsync(enterprise.Manager, "/api/enterprise/invitations"));
    }

    [Fact]
    public async Task Create_ForAPersonWhoAlreadyHoldsTheIdentity_IsAConflict()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.AddHandlerAsync(enterprise);

        var again = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, person));

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Create_ForAPersonWhoHoldsAnotherIdentityThere_IsAllowed()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.AddHandlerAsync(enterprise);

        var invitationId = await Api.InviteAsync(enterprise.Manager, person, "invoicePurchaser", ["invoicePurchase"]);

        Assert.False(string.IsNullOrEmpty(invitationId));
    }

    [Fact]
    public async Task Confirm_MakesTheInviteeAnExistingHandler_WhoCanSignInToTheEnterprise()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        var validUntil = Api.InDays(30);
        var invitationId = await Api.InviteAsync(enterprise.Manager, person, functions: ["invoiceUse", "queries"], validUntil: validUntil);
        var invitee = await Api.PersonalLoginAsync(person);

        await (await Api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/confirm")).AssertOkAsync(HttpStatusCode.NoContent);

        var handler = Assert.Single((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "taxClerk"));
        Assert.Equal(DelegationKit.HandlerId("taxClerk", person.PersonId), handler.GetProperty("handlerId").GetString());
        Assert.Equal(validUntil, handler.GetProperty("validUntil").GetString());
        Assert.Equal(["invoiceUse", "queries"], handler.GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
        Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/invitations")));
        Assert.Empty((await Api.ListAsync(invitee, "/api/me/authorizations")));
        Assert.Equal("confirmed", (await Api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString());
        var session = await Api.EnterpriseLoginAsync(person, enterprise.CreditCode, "taxClerk");
        Assert.Equal("taxClerk", session.Body.GetProperty("current").GetProperty("identityType").GetString());
    }

    [Fact]
    public async Task Confirm_Twice_IsAConflict()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        var invitationId = await Api.InviteAsync(enterprise.Manager, person);
        var invitee = await Api.PersonalLoginAsync(person);
        await (await Api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/confirm")).AssertOkAsync(HttpStatusCode.NoContent);

        var again = await Api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/confirm");
        var reject = await Api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/reject");
        var withdraw = await Api.PostAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}/withdraw");

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await reject.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await withdraw.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Single((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "taxClerk"));
    }

    [Fact]
    public async Task Confirm_SomeoneElsesInvitation_IsNotFound()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        var intruder = await Api.PersonalLoginAsync(await Api.RegisterAsync());
        var invitationId = await Api.InviteAsync(enterprise.Manager, person);

        var confirm = await Api.PostAsync(intruder, $"/api/me/authorizations/{invitationId}/confirm");
        var reject = await Api.PostAsync(intruder, $"/api/me/authorizations/{invitationId}/reject");

        await confirm.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await reject.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("pending", (await Api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reject_GoesToHistoryAsRejected_AndGrantsNothing()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        var invitationId = await Api.InviteAsync(enterprise.Manager, person);
        var invitee = await Api.PersonalLoginAsync(person);

        await (await Api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/reject")).AssertOkAsync(HttpStatusCode.NoContent);

        var record = Assert.Single(await Api.HistoryAsync(enterprise.Manager));
        Assert.Equal("rejected", record.GetProperty("kind").GetString());
        Assert.Equal("invitation", record.GetProperty("source").GetString());
        Assert.Equal("taxClerk", record.GetProperty("identityType").GetString());
        Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "taxClerk"));
        Assert.Equal("rejected", (await Api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Withdraw_WhilePending_GoesToHistoryAsWithdrawn_AndTheInviteeCanNoLongerConfirm()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        var invitationId = await Api.InviteAsync(enterprise.Manager, person);
        var invitee = await Api.PersonalLoginAsync(person);

        await (await Api.PostAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}/withdraw")).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/invitations")));
        Assert.Empty((await Api.ListAsync(invitee, "/api/me/authorizations")));
        var record = Assert.Single(await Api.HistoryAsync(enterprise.Manager));
        Assert.Equal("withdrawn", record.GetProperty("kind").GetString());
        Assert.Equal("invitation", record.GetProperty("source").GetString());
        await (await Api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/confirm")).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "taxClerk"));
    }

    [Fact]
    public async Task AfterAnInvitationEnds_ThePersonCanBeInvitedAgain()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        var first = await Api.InviteAsync(enterprise.Manager, person);
        await (await Api.PostAsync(enterprise.Manager, $"/api/enterprise/invitations/{first}/withdraw")).AssertOkAsync(HttpStatusCode.NoContent);

        var second = await Api.InviteAsync(enterprise.Manager, person);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task PendingList_FiltersByIdentityTypeAndFuzzyName()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var clerk = await Api.RegisterAsync(name: "格桑" + Guid.NewGuid().ToString("N")[..3]);
        var purchaser = await Api.RegisterAsync(name: "次仁" + Guid.NewGuid().ToString("N")[..3]);
        var clerkInvitation = await Api.InviteAsync(enterprise.Manager, clerk);
        var purchaserInvitation = await Api.InviteAsync(enterprise.Manager, purchaser, "invoicePurchaser", ["invoicePurchase"]);

        var clerks = await Api.ListAsync(enterprise.Manager, "/api/enterprise/invitations?identityType=taxClerk");
        var byName = await Api.ListAsync(enterprise.Manager, "/api/enterprise/invitations?name=" + Uri.EscapeDataString(purchaser.Name[1..4]));
        var nobody = await Api.ListAsync(enterprise.Manager, "/api/enterprise/invitations?name=" + Uri.EscapeDataString("不存在的人"));
        var badType = await Api.GetAsync(enterprise.Manager, "/api/enterprise/invitations?identityType=wizard");

        Assert.Equal(clerkInvitation, Assert.Single(clerks).GetProperty("invitationId").GetString());
        Assert.Equal(purchaserInvitation, Assert.Single(byName).GetProperty("invitationId").GetString());
        Assert.Empty(nobody);
        await badType.AssertFieldErrorAsync("identityType");
    }

    [Fact]
    public async Task OtherEnterprisesInvitations_AreNotFound()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var other = await Api.EnterpriseWithManagerAsync();
        var invitationId = await Api.InviteAsync(other.Manager, await Api.RegisterAsync());

        var read = await Api.GetAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}");
        var withdraw = await Api.PostAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}/withdraw");
        var malformed = await Api.GetAsync(enterprise.Manager, "/api/enterprise/invitations/not-an-id");

        await read.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await withdraw.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await malformed.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("pending", (await Api.ReadAsync(other.Manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Create_WithMalformedBodies_AnswersValidationErrors()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        using var client = Api.WithToken(enterprise.Manager.AccessToken);

        var notJson = await client.SendRawAsync(HttpMethod.Post, "/api/enterprise/invitations", "{ nope");
        var wrongType = await client.SendRawAsync(HttpMethod.Post, "/api/enterprise/invitations", """{ "functions": "queries" }""");
        var badDate = await client.SendRawAsync(HttpMethod.Post, "/api/enterprise/invitations", """{ "validUntil": "2026-13-45" }""");
        var empty = await client.SendRawAsync(HttpMethod.Post, "/api/enterprise/invitations", "{}");

        await notJson.AssertFieldErrorAsync("body");
        await wrongType.AssertFieldErrorAsync("functions");
        await badDate.AssertFieldErrorAsync("validUntil");
        var problem = await empty.AssertFieldErrorAsync("name");
        foreach (var field in new[] { "idType", "identityType", "functions", "validUntil", "riskAcknowledged" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task IdentityTypeCatalogue_SaysWhichTypesCanBeInvited()
    {
        var types = await (await Api.Client.GetAsync("/api/catalog/identity-types")).AssertOkAsync();

        foreach (var type in types.EnumerateArray())
        {
            var protectedType = EnumValue(type.GetProperty("identityType").GetString()!).IsProtected();
            Assert.Equal(!protectedType, type.GetProperty("assignable").GetBoolean());
        }
    }

    private static IdentityType EnumValue(string text) => TaxIdentity.Core.Common.Json.EnumText.Parse<IdentityType>(text);
}
