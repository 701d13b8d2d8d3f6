using System.Net;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Delegation;

/// <summary>
/// D11: nobody grants beyond their own. A manager never invites, approves or changes themselves, never grants a
/// function they lack or a validity end past their own; only the legal representative or financial officer touches
/// the legal representative's, the financial officer's or an administrator's identity, assist code included.
/// </summary>
public sealed class AuthorityTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly string[] AdministratorFunctions = ["handlerManagement", "assistCodeSettings", "queries", "invoiceUse"];

    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task AnAdministrator_InvitingThemselves_IsForbidden()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (admin, session) = await Api.AdministratorAsync(enterprise, AdministratorFunctions);

        var preview = await Api.PostAsync(session, "/api/enterprise/invitations/preview", DelegationKit.InvitationBody(Api, admin, functions: ["queries"]));
        var invite = await Api.PostAsync(session, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, admin, functions: ["queries"]));

        await preview.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await invite.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(await Api.ListAsync(enterprise.Manager, "/api/enterprise/invitations"));
    }

    [Fact]
    public async Task TheLegalRepresentative_InvitingThemselves_IsForbidden()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();

        var invite = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, enterprise.LegalRepresentative));

        await invite.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnAdministrator_ApprovingTheirOwnApplication_IsForbidden_AndItStaysPending()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (admin, session) = await Api.AdministratorAsync(enterprise, AdministratorFunctions);
        var applicationId = await Api.ApplyAsync(await Api.PersonalLoginAsync(admin), enterprise.CreditCode, functions: ["queries"]);

        var approve = await Api.PostAsync(session, $"/api/enterprise/applications/{applicationId}/approve", new { functions = new[] { "queries" }, validUntil = Api.InDays(30) });

        await approve.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Single((await Api.ListAsync(enterprise.Manager, "/api/enterprise/applications")).WithProperty("applicationId", applicationId));
        Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "taxClerk"));
    }

    [Fact]
    public async Task AnInvitation_WithAFunctionTheGranterLacks_IsForbidden_ButOneWithinTheirSetIsNot()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (_, session) = await Api.AdministratorAsync(enterprise, AdministratorFunctions);
        var invitee = await Api.RegisterAsync();

        var beyond = await Api.PostAsync(session, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, invitee, functions: ["queries", "declarationPayment"]));
        await beyond.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await (await Api.PostAsync(session, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, invitee, functions: ["queries", "invoiceUse"])))
            .AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AnInvitation_ValidPastTheGrantersOwnEnd_IsForbidden()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (_, session) = await Api.AdministratorAsync(enterprise, AdministratorFunctions, validUntil: Api.InDays(30));
        var invitee = await Api.RegisterAsync();

        var beyond = await Api.PostAsync(session, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, invitee, functions: ["queries"], validUntil: Api.InDays(31)));
        await beyond.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await (await Api.PostAsync(session, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, invitee, functions: ["queries"], validUntil: Api.InDays(30))))
            .AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AnApproval_BeyondTheGrantersFunctionsOrValidity_IsForbidden_AndWithinThemIsApplied()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (_, session) = await Api.AdministratorAsync(enterprise, AdministratorFunctions, validUntil: Api.InDays(30));
        var applicant = await Api.RegisterAsync();
        var applicationId = await Api.ApplyAsync(await Api.PersonalLoginAsync(applicant), enterprise.CreditCode, functions: ["queries"]);
        var route = $"/api/enterprise/applications/{applicationId}/approve";

        await (await Api.PostAsync(session, route, new { functions = new[] { "certificates" }, validUntil = Api.InDays(10) })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Api.PostAsync(session, route, new { functions = new[] { "queries" }, validUntil = Api.InDays(31) })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Api.PostAsync(session, route, new { functions = new[] { "queries" }, validUntil = Api.InDays(30) })).AssertOkAsync(HttpStatusCode.NoContent);

        var handler = await Api.ReadAsync(enterprise.Manager, $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", applicant.PersonId)}");
        Assert.Equal(Api.InDays(30), handler.GetProperty("validUntil").GetString());
    }

    [Fact]
    public async Task TheLegalRepresentative_IsBoundOnlyByTheIdentityType()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var invitee = await Api.RegisterAsync();

        await (await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(
            Api, invitee, functions: ["declarationPayment", "certificates", "publicServices"], validUntil: Api.InDays(365 * 20)))).AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AnAdministrator_InvitingOrApprovingAnAdministrator_IsForbidden()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (_, session) = await Api.AdministratorAsync(enterprise, AdministratorFunctions);
        var invitee = await Api.RegisterAsync();
        var applicant = await Api.RegisterAsync();
        var applicationId = await Api.ApplyAsync(await Api.PersonalLoginAsync(applicant), enterprise.CreditCode, "administrator", ["queries"]);

        var invite = await Api.PostAsync(session, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, invitee, "administrator", ["queries"]));
        var approve = await Api.PostAsync(session, $"/api/enterprise/applications/{applicationId}/approve", new { functions = new[] { "queries" }, validUntil = Api.InDays(30) });

        await invite.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await approve.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/approve", new { functions = new[] { "queries" }, validUntil = Api.InDays(30) }))
            .AssertOkAsync(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("legalRepresentative")]
    [InlineData("financialOfficer")]
    public async Task AnAdministrator_OnAProtectedIdentitysAssistCode_IsForbidden(string targetType)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (_, session) = await Api.AdministratorAsync(enterprise, AdministratorFunctions);
        var target = Assert.Single((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", targetType));
        var route = $"/api/enterprise/handlers/{target.GetProperty("handlerId").GetString()}/assist-code";

        var refused = await Api.SendAsync(session, HttpMethod.Put, route, new { enabled = true, functions = new[] { "queries" } });

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var unchanged = await Api.ReadAsync(enterprise.Manager, $"/api/enterprise/handlers/{target.GetProperty("handlerId").GetString()}");
        Assert.False(unchanged.GetProperty("assistCode").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task AnAdministrator_OnAnotherAdministratorsOrTheirOwnAssistCode_IsForbidden_TheLegalRepresentativeMay()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (admin, session) = await Api.AdministratorAsync(enterprise, AdministratorFunctions);
        var (other, _) = await Api.AdministratorAsync(enterprise, AdministratorFunctions);
        var body = new { enabled = true, functions = new[] { "queries" } };

        await (await Api.SendAsync(session, HttpMethod.Put, $"/api/enterprise/handlers/{DelegationKit.HandlerId("administrator", other.PersonId)}/assist-code", body))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Api.SendAsync(session, HttpMethod.Put, $"/api/enterprise/handlers/{DelegationKit.HandlerId("administrator", admin.PersonId)}/assist-code", body))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Api.SendAsync(enterprise.Manager, HttpMethod.Put, $"/api/enterprise/handlers/{DelegationKit.HandlerId("administrator", admin.PersonId)}/assist-code", body))
            .AssertOkAsync();
    }

    [Fact]
    public async Task AnAdministrator_OnATaxClerksAssistCode_MayUseOnlyFunctionsTheyHold()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (_, session) = await Api.AdministratorAsync(enterprise, AdministratorFunctions);
        var clerk = await Api.AddHandlerAsync(enterprise, functions: ["queries", "declarationPayment"]);
        var route = $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", clerk.PersonId)}/assist-code";

        await (await Api.SendAsync(session, HttpMethod.Put, route, new { enabled = true, functions = new[] { "declarationPayment" } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Api.SendAsync(session, HttpMethod.Put, route, new { enabled = true, functions = new[] { "queries" } })).AssertOkAsync();
    }

    [Fact]
    public async Task TheLegalRepresentative_ChangingTheirOwnIdentity_IsRefused()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var own = DelegationKit.HandlerId("legalRepresentative", enterprise.LegalRepresentative.PersonId);

        var refused = await Api.SendAsync(enterprise.Manager, HttpMethod.Put, $"/api/enterprise/handlers/{own}/assist-code", new { enabled = true, functions = new[] { "queries" } });

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnAdministratorsSelfGrantedIdentity_CanNotOutliveThem_BecauseNoneCanBeMade()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var (admin, session) = await Api.AdministratorAsync(enterprise, AdministratorFunctions);
        var applicationId = await Api.ApplyAsync(await Api.PersonalLoginAsync(admin), enterprise.CreditCode, functions: ["queries"]);
        await (await Api.PostAsync(session, $"/api/enterprise/applications/{applicationId}/approve", new { functions = new[] { "queries" }, validUntil = Api.InDays(365 * 50) }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await (await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, $"/api/enterprise/handlers/{DelegationKit.HandlerId("administrator", admin.PersonId)}"))
            .AssertOkAsync(HttpStatusCode.NoContent);

        var login = await Api.LoginAsync(new Dictionary<string, object?>
        {
            ["mode"] = "enterprise",
            ["creditCode"] = enterprise.CreditCode,
            ["account"] = admin.IdNumber,
            ["password"] = admin.Password,
        });
        await login.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }
}
