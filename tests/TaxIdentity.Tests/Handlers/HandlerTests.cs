using System.Net;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Handlers;

/// <summary>D4-D6, D10: existing handlers, their function sets and validity, deletion, assist codes.</summary>
public sealed class HandlerTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static HttpMethod Patch => HttpMethod.Patch;

    [Fact]
    public async Task List_ShowsEveryIdentityOfTheEnterprise_Masked_AndFilters()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var clerk = await Api.AddHandlerAsync(enterprise);
        var purchaser = await Api.AddHandlerAsync(enterprise, "invoicePurchaser", ["invoicePurchase"]);

        var all = await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers");
        var clerks = await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers?identityType=taxClerk");
        var byName = await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers?name=" + Uri.EscapeDataString(purchaser.Name[2..]));

        Assert.Single(all.WithProperty("identityType", "legalRepresentative"));
        Assert.Single(all.WithProperty("identityType", "financialOfficer"));
        var listed = Assert.Single(all.WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", clerk.PersonId)));
        Assert.Equal(clerk.Name[..1] + new string('*', clerk.Name.Length - 1), listed.GetProperty("personName").GetString());
        Assert.Equal(clerk.IdNumber[..3] + new string('*', 11) + clerk.IdNumber[^4..], listed.GetProperty("idNumber").GetString());
        Assert.False(listed.GetProperty("assistCode").GetProperty("enabled").GetBoolean());
        Assert.Equal(DelegationKit.HandlerId("taxClerk", clerk.PersonId), Assert.Single(clerks).GetProperty("handlerId").GetString());
        Assert.Equal(DelegationKit.HandlerId("invoicePurchaser", purchaser.PersonId), Assert.Single(byName).GetProperty("handlerId").GetString());
        var one = await Api.ReadAsync(enterprise.Manager, $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", clerk.PersonId)}");
        Assert.Equal("taxClerk", one.GetProperty("identityType").GetString());
    }

    [Theory]
    [InlineData("legalRepresentative")]
    [InlineData("financialOfficer")]
    public async Task Patch_ByLegalRepresentativeOrFinancialOfficer_ChangesFunctionsAndValidity(string managerType)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var manager = await ManagerAsync(enterprise, managerType);
        var clerk = await Api.AddHandlerAsync(enterprise);
        var handlerId = DelegationKit.HandlerId("taxClerk", clerk.PersonId);
        var validUntil = Api.InDays(10);

        var patched = await (await Api.SendAsync(manager, Patch, $"/api/enterprise/handlers/{handlerId}",
            new { functions = new[] { "queries", "certificates" }, validUntil })).AssertOkAsync();

        Assert.Equal(["queries", "certificates"], patched.GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(validUntil, patched.GetProperty("validUntil").GetString());
        var stored = await Api.ReadAsync(enterprise.Manager, $"/api/enterprise/handlers/{handlerId}");
        Assert.Equal(validUntil, stored.GetProperty("validUntil").GetString());
        var session = await Api.EnterpriseLoginAsync(clerk, enterprise.CreditCode, "taxClerk");
        Assert.Equal(["queries", "certificates"], session.Body.GetProperty("current").GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Patch_ByAnAdministrator_IsForbidden()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var admin = await AdministratorSessionAsync(enterprise);
        var clerk = await Api.AddHandlerAsync(enterprise);

        var refused = await Api.SendAsync(admin, Patch, $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", clerk.PersonId)}", new { functions = new[] { "queries" } });

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("legalRepresentative")]
    [InlineData("financialOfficer")]
    public async Task Patch_OfAProtectedIdentity_IsAConflict(string targetType)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var handlers = await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers");
        var handlerId = Assert.Single(handlers.WithProperty("identityType", targetType)).GetProperty("handlerId").GetString();

        var refused = await Api.SendAsync(enterprise.Manager, Patch, $"/api/enterprise/handlers/{handlerId}", new { functions = new[] { "queries" } });

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Patch_CanNotChangeTheIdentityType_OrGrantBeyondIt()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var clerk = await Api.AddHandlerAsync(enterprise);
        var route = $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", clerk.PersonId)}";

        var retype = await Api.SendAsync(enterprise.Manager, Patch, route, new { identityType = "administrator" });
        var beyond = await Api.SendAsync(enterprise.Manager, Patch, route, new { functions = new[] { "loginLogs" } });
        var none = await Api.SendAsync(enterprise.Manager, Patch, route, new { functions = Array.Empty<string>() });
        var past = await Api.SendAsync(enterprise.Manager, Patch, route, new { validUntil = Api.InDays(-1) });

        await retype.AssertFieldErrorAsync("identityType");
        await beyond.AssertFieldErrorAsync("functions");
        await none.AssertFieldErrorAsync("functions");
        await past.AssertFieldErrorAsync("validUntil");
        Assert.Equal("taxClerk", (await Api.ReadAsync(enterprise.Manager, route)).GetProperty("identityType").GetString());
    }

    [Fact]
    public async Task ARemovedFunction_StopsWorkingOnTheHandlersNextRequest()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var admin = await Api.AddHandlerAsync(enterprise, "administrator", [.. TaxFunctions.DefaultsFor(IdentityType.Administrator)]);
        var adminSession = await Api.EnterpriseLoginAsync(admin, enterprise.CreditCode, "administrator");
        await (await Api.GetAsync(adminSession, "/api/enterprise/handlers")).AssertOkAsync();

        await (await Api.SendAsync(enterprise.Manager, Patch, $"/api/enterprise/handlers/{DelegationKit.HandlerId("administrator", admin.PersonId)}",
            new { functions = new[] { "queries", "loginLogs" } })).AssertOkAsync();

        await (await Api.GetAsync(adminSession, "/api/enterprise/handlers")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Delete_ATaxClerk_EndsTheirIdentityAtOnce_AndGoesToHistory()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var clerk = await Api.AddHandlerAsync(enterprise);
        var clerkSession = await Api.EnterpriseLoginAsync(clerk, enterprise.CreditCode, "taxClerk");
        await (await Api.GetAsync(clerkSession, "/api/me/identities")).AssertOkAsync();

        await (await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", clerk.PersonId)}"))
            .AssertOkAsync(HttpStatusCode.NoContent);

        await (await Api.GetAsync(clerkSession, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await Api.RefreshAsync(clerkSession.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        var login = await Api.LoginAsync(SignInKit.EnterpriseFields(enterprise.CreditCode, clerk.Phone, clerk.Password, "taxClerk"));
        await login.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "taxClerk"));
        var record = Assert.Single(await Api.HistoryAsync(enterprise.Manager, "?kind=deleted"));
        Assert.Equal("handler", record.GetProperty("source").GetString());
        Assert.Equal("taxClerk", record.GetProperty("identityType").GetString());
        Assert.Empty((await Api.ListAsync(await Api.PersonalLoginAsync(clerk), "/api/me/enterprises")).WithProperty("enterpriseId", enterprise.EnterpriseId));
    }

    [Fact]
    public async Task Delete_OnlyEndsTheDeletedIdentity_NotTheHandlersOtherSessions()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.AddHandlerAsync(enterprise);
        var invitationId = await Api.InviteAsync(enterprise.Manager, person, "invoicePurchaser", ["invoicePurchase"]);
        var personal = await Api.PersonalLoginAsync(person);
        await (await Api.PostAsync(personal, $"/api/me/authorizations/{invitationId}/confirm")).AssertOkAsync(HttpStatusCode.NoContent);
        var purchaserSession = await Api.EnterpriseLoginAsync(person, enterprise.CreditCode, "invoicePurchaser");

        await (await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", person.PersonId)}"))
            .AssertOkAsync(HttpStatusCode.NoContent);

        await (await Api.GetAsync(purchaserSession, "/api/me/identities")).AssertOkAsync();
        await (await Api.GetAsync(personal, "/api/me/identities")).AssertOkAsync();
    }

    [Theory]
    [InlineData("legalRepresentative")]
    [InlineData("financialOfficer")]
    public async Task Delete_OfAProtectedIdentity_IsAConflict(string targetType)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var handlerId = Assert.Single((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", targetType)).GetProperty("handlerId").GetString();

        var refused = await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, $"/api/enterprise/handlers/{handlerId}");

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Single((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", targetType));
    }

    [Fact]
    public async Task Delete_OfAnAdministrator_ByAnAdministrator_IsForbidden_ButTheLegalRepresentativeMay()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var admin = await AdministratorSessionAsync(enterprise);
        var target = await Api.AddHandlerAsync(enterprise, "administrator", ["queries", "handlerManagement"]);
        var route = $"/api/enterprise/handlers/{DelegationKit.HandlerId("administrator", target.PersonId)}";

        var byAdmin = await Api.SendAsync(admin, HttpMethod.Delete, route);
        var byLegalRepresentative = await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, route);

        await byAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await byLegalRepresentative.AssertOkAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Delete_OfATaxClerk_ByAnAdministrator_IsAllowed()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var admin = await AdministratorSessionAsync(enterprise);
        var clerk = await Api.AddHandlerAsync(enterprise);

        await (await Api.SendAsync(admin, HttpMethod.Delete, $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", clerk.PersonId)}"))
            .AssertOkAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task OtherEnterprisesHandlers_AreNotFound()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var other = await Api.EnterpriseWithManagerAsync();
        var clerk = await Api.AddHandlerAsync(other);
        var route = $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", clerk.PersonId)}";

        await (await Api.GetAsync(enterprise.Manager, route)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Api.SendAsync(enterprise.Manager, Patch, route, new { functions = new[] { "queries" } })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Api.SendAsync(enterprise.Manager, HttpMethod.Delete, route)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Api.SendAsync(enterprise.Manager, HttpMethod.Put, route + "/assist-code", new { enabled = true, functions = new[] { "queries" } }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Api.GetAsync(enterprise.Manager, "/api/enterprise/handlers/garbage")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Single((await Api.ListAsync(other.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "taxClerk"));
    }

    [Fact]
    public async Task AssistCode_IsSwitchedOnWithFunctionsFromTheHandlersSet()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var clerk = await Api.AddHandlerAsync(enterprise, functions: ["declarationPayment", "queries"]);
        var route = $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", clerk.PersonId)}/assist-code";

        var set = await (await Api.SendAsync(enterprise.Manager, HttpMethod.Put, route, new { enabled = true, functions = new[] { "queries" } })).AssertOkAsync();
        var outside = await Api.SendAsync(enterprise.Manager, HttpMethod.Put, route, new { enabled = true, functions = new[] { "invoiceUse" } });
        var settings = await Api.SendAsync(enterprise.Manager, HttpMethod.Put, route, new { enabled = true, functions = new[] { "assistCodeSettings" } });

        Assert.True(set.GetProperty("assistCode").GetProperty("enabled").GetBoolean());
        Assert.Equal(["queries"], set.GetProperty("assistCode").GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
        await outside.AssertFieldErrorAsync("functions");
        await settings.AssertFieldErrorAsync("functions");
        var listed = Assert.Single((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "taxClerk"));
        Assert.True(listed.GetProperty("assistCode").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task AssistCode_OfAManager_MayIncludeTheAssistCodeSettingsToggle()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var handlerId = Assert.Single((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "financialOfficer")).GetProperty("handlerId").GetString();

        var set = await (await Api.SendAsync(enterprise.Manager, HttpMethod.Put, $"/api/enterprise/handlers/{handlerId}/assist-code",
            new { enabled = true, functions = new[] { "queries", "assistCodeSettings" } })).AssertOkAsync();

        Assert.Contains("assistCodeSettings", set.GetProperty("assistCode").GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task AssistCode_NeedsTheAssistCodeSettingsFunction()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var admin = await Api.AddHandlerAsync(enterprise, "administrator", ["queries", "handlerManagement"]);
        var adminSession = await Api.EnterpriseLoginAsync(admin, enterprise.CreditCode, "administrator");
        var clerk = await Api.AddHandlerAsync(enterprise);

        var refused = await Api.SendAsync(adminSession, HttpMethod.Put, $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", clerk.PersonId)}/assist-code",
            new { enabled = true, functions = new[] { "queries" } });

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task MyEnterprises_ListTheEnterprisesWhereIHoldAnIdentity_WithValidity()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var validUntil = Api.InDays(60);
        var person = await Api.AddHandlerAsync(enterprise, validUntil: validUntil);

        var mine = await Api.ListAsync(await Api.PersonalLoginAsync(person), "/api/me/enterprises");

        var entry = Assert.Single(mine);
        Assert.Equal(enterprise.EnterpriseId, entry.GetProperty("enterpriseId").GetString());
        Assert.Equal("taxClerk", entry.GetProperty("identityType").GetString());
        Assert.Equal(validUntil, entry.GetProperty("validUntil").GetString());
        Assert.Contains("*", entry.GetProperty("creditCode").GetString(), StringComparison.Ordinal);
    }

    private async Task<TestSession> ManagerAsync(TestEnterprise enterprise, string managerType)
    {
        if (managerType == "legalRepresentative")
        {
            return enterprise.Manager;
        }

        var officer = await Api.RegisterAsync();
        var body = TestData.Enterprise(
            new { name = enterprise.LegalRepresentative.Name, idType = "residentIdCard", idNumber = enterprise.LegalRepresentative.IdNumber },
            new { name = officer.Name, idType = "residentIdCard", idNumber = officer.IdNumber });
        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{enterprise.CreditCode}", body)).AssertOkAsync();
        return await Api.EnterpriseLoginAsync(officer, enterprise.CreditCode, "financialOfficer");
    }

    private async Task<TestSession> AdministratorSessionAsync(TestEnterprise enterprise)
    {
        var admin = await Api.AddHandlerAsync(enterprise, "administrator", [.. TaxFunctions.DefaultsFor(IdentityType.Administrator)]);
        return await Api.EnterpriseLoginAsync(admin, enterprise.CreditCode, "administrator");
    }
}
