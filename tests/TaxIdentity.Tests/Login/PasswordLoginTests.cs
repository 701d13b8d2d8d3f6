using System.Net;
using System.Text.Json;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>A2-A5: password login in the enterprise, specific-subject, non-resident and personal modes.</summary>
public sealed class PasswordLoginTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Theory]
    [InlineData("phone")]
    [InlineData("idNumber")]
    [InlineData("username")]
    public async Task EnterpriseLogin_AcceptsPhoneIdNumberOrUsername_AsTheAccount(string accountKind)
    {
        var person = await Api.RegisterAsync(username: SignInKit.Username());
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(person);
        var account = accountKind switch
        {
            "phone" => person.Phone,
            "idNumber" => person.IdNumber,
            _ => person.Username!,
        };

        var response = await Api.LoginFromAsync(SignInKit.EnterpriseFields(code, account, person.Password));

        var session = await response.AssertOkAsync();
        var current = session.GetProperty("current");
        Assert.Equal("enterprise", current.GetProperty("kind").GetString());
        Assert.Equal(enterpriseId, current.GetProperty("enterpriseId").GetString());
        Assert.False(string.IsNullOrEmpty(session.GetProperty("accessToken").GetString()));
        Assert.False(string.IsNullOrEmpty(session.GetProperty("refreshToken").GetString()));
        Assert.True(session.GetProperty("expiresIn").GetInt32() > 0);
        var stored = await Api.StoredSessionAsync(Accounts.ToSession(session));
        Assert.Equal(person.PersonId, stored.PersonId);
        Assert.Equal(enterpriseId, stored.EnterpriseId);
    }

    [Fact]
    public async Task EnterpriseLogin_WithoutIdentityType_LandsOnTheHighestRankedIdentity()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person, person);

        var session = await Api.EnterpriseLoginAsync(person, code);

        Assert.Equal("legalRepresentative", session.Body.GetProperty("current").GetProperty("identityType").GetString());
        Assert.Equal("legalRepresentative", (await Api.StoredSessionAsync(session)).IdentityType);
    }

    [Fact]
    public async Task EnterpriseLogin_WithoutIdentityType_PrefersAdministratorOverTaxClerk()
    {
        var owner = await Api.RegisterAsync();
        var handler = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(owner);
        await Api.GrantAsync(enterpriseId, handler.PersonId, IdentityType.TaxClerk);
        await Api.GrantAsync(enterpriseId, handler.PersonId, IdentityType.Administrator);
        await Api.GrantAsync(enterpriseId, handler.PersonId, IdentityType.InvoicePurchaser);

        var session = await Api.EnterpriseLoginAsync(handler, code);

        Assert.Equal("administrator", session.Body.GetProperty("current").GetProperty("identityType").GetString());
    }

    [Fact]
    public async Task EnterpriseLogin_PersonWhoIsLegalRepresentativeAndFinancialOfficer_CanChooseFinancialOfficer()
    {
        var person = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(person, person);

        var session = await Api.EnterpriseLoginAsync(person, code, "financialOfficer");

        var current = session.Body.GetProperty("current");
        Assert.Equal("financialOfficer", current.GetProperty("identityType").GetString());
        Assert.Equal(enterpriseId, current.GetProperty("enterpriseId").GetString());
        Assert.Equal("financialOfficer", (await Api.StoredSessionAsync(session)).IdentityType);
    }

    [Fact]
    public async Task EnterpriseLogin_FinancialOfficer_LandsOnFinancialOfficer()
    {
        var owner = await Api.RegisterAsync();
        var officer = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(owner, officer);

        var session = await Api.EnterpriseLoginAsync(officer, code);

        Assert.Equal("financialOfficer", session.Body.GetProperty("current").GetProperty("identityType").GetString());
    }

    [Fact]
    public async Task EnterpriseLogin_AskingForAnIdentityThePersonDoesNotHold_IsRefused()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person);

        var response = await Api.LoginFromAsync(SignInKit.EnterpriseFields(code, person.Phone, person.Password, "financialOfficer"));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task EnterpriseLogin_WithAnIdentityPastItsValidityEnd_IsRefused()
    {
        var owner = await Api.RegisterAsync();
        var lapsed = await Api.RegisterAsync();
        var current = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(owner);
        await Api.GrantAsync(enterpriseId, lapsed.PersonId, IdentityType.TaxClerk, Api.BureauToday().AddDays(-1));
        await Api.GrantAsync(enterpriseId, current.PersonId, IdentityType.TaxClerk, Api.BureauToday());

        var refused = await Api.EnterprisePasswordAsync(lapsed, code);
        var admitted = await Api.EnterprisePasswordAsync(current, code);

        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal("taxClerk", (await admitted.AssertOkAsync()).GetProperty("current").GetProperty("identityType").GetString());
    }

    [Fact]
    public async Task EnterpriseLogin_PersonWithNoIdentityInTheEnterprise_IsRefused()
    {
        var owner = await Api.RegisterAsync();
        var stranger = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(owner);

        var response = await Api.EnterprisePasswordAsync(stranger, code);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task EnterpriseLogin_UnknownCreditCode_IsRefused()
    {
        var person = await Api.RegisterAsync();
        await Api.EnterpriseOfAsync(person);

        var response = await Api.EnterprisePasswordAsync(person, TestData.CreditCode());

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task EnterpriseLogin_MalformedCreditCode_IsAValidationError()
    {
        var person = await Api.RegisterAsync();

        var response = await Api.LoginFromAsync(SignInKit.EnterpriseFields("91540100NOTACODE", person.Phone, person.Password));

        await response.AssertFieldErrorAsync("creditCode");
    }

    [Fact]
    public async Task SpecificSubjectLogin_EnterpriseWithThatSubjectType_SignsIn()
    {
        var person = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.ProvisionAsync(person, subjectTypes: ["crossRegionTaxSource"]);
        var fields = SignInKit.EnterpriseFields(code, person.Phone, person.Password, mode: "specificSubject");
        fields["subjectType"] = "crossRegionTaxSource";

        var session = await (await Api.LoginFromAsync(fields)).AssertOkAsync();

        Assert.Equal(enterpriseId, session.GetProperty("current").GetProperty("enterpriseId").GetString());
        Assert.Equal("legalRepresentative", session.GetProperty("current").GetProperty("identityType").GetString());
    }

    [Fact]
    public async Task SpecificSubjectLogin_EnterpriseWithoutThatSubjectType_IsRefused()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.ProvisionAsync(person, subjectTypes: ["crossRegionTaxSource"]);
        var fields = SignInKit.EnterpriseFields(code, person.Phone, person.Password, mode: "specificSubject");
        fields["subjectType"] = "crossRegionInspection";

        var response = await Api.LoginFromAsync(fields);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task SpecificSubjectLogin_EnterpriseWithNoSubjectTypes_IsRefused()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.ProvisionAsync(person, subjectTypes: []);
        var fields = SignInKit.EnterpriseFields(code, person.Phone, person.Password, mode: "specificSubject");
        fields["subjectType"] = "crossRegionInspection";

        var response = await Api.LoginFromAsync(fields);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task SpecificSubjectLogin_WithoutSubjectType_IsAValidationError()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.ProvisionAsync(person, subjectTypes: ["crossRegionInspection"]);

        var response = await Api.LoginFromAsync(SignInKit.EnterpriseFields(code, person.Phone, person.Password, mode: "specificSubject"));

        await response.AssertFieldErrorAsync("subjectType");
    }

    [Fact]
    public async Task NonResidentLogin_NonResidentEnterprise_SignsIn()
    {
        var person = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(person, kind: "nonResident");

        var response = await Api.LoginFromAsync(SignInKit.EnterpriseFields(code, person.IdNumber, person.Password, mode: "nonResident"));

        var session = await response.AssertOkAsync();
        Assert.Equal(enterpriseId, session.GetProperty("current").GetProperty("enterpriseId").GetString());
    }

    [Fact]
    public async Task NonResidentLogin_OrdinaryEnterprise_IsRefused()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person);

        var response = await Api.LoginFromAsync(SignInKit.EnterpriseFields(code, person.IdNumber, person.Password, mode: "nonResident"));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task EnterpriseLogin_NonResidentEnterprise_IsRefused()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person, kind: "nonResident");

        var response = await Api.LoginFromAsync(SignInKit.EnterpriseFields(code, person.IdNumber, person.Password));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task PersonalLogin_StartsAPersonalSession()
    {
        var person = await Api.RegisterAsync();
        await Api.EnterpriseOfAsync(person);

        var session = await Api.PersonalLoginAsync(person);

        var current = session.Body.GetProperty("current");
        Assert.Equal("personal", current.GetProperty("kind").GetString());
        Assert.False(current.TryGetProperty("enterpriseId", out var enterpriseId) && enterpriseId.ValueKind != JsonValueKind.Null);
        Assert.False(session.Body.GetProperty("agreementRequired").GetBoolean());
        var stored = await Api.StoredSessionAsync(session);
        Assert.Equal("personal", stored.Kind);
        Assert.Null(stored.EnterpriseId);
    }

    [Fact]
    public async Task PersonalLogin_ListsPersonalAndEveryEnterpriseIdentity_Masked()
    {
        var person = await Api.RegisterAsync();
        const string FirstName = "拉萨雪域商贸有限公司";
        const string SecondName = "日喀则高原运输有限公司";
        var (firstCode, firstId) = await Api.ProvisionAsync(person, name: FirstName);
        var (secondCode, secondId) = await Api.ProvisionAsync(person, person, name: SecondName);

        var session = await Api.PersonalLoginAsync(person);

        var identities = session.Body.GetProperty("identities").EnumerateArray().ToList();
        Assert.Single(identities, identity => identity.GetProperty("kind").GetString() == "personal");
        var enterprise = identities.Where(identity => identity.GetProperty("kind").GetString() == "enterprise").ToList();
        Assert.Equal(3, enterprise.Count);
        Assert.Single(enterprise, identity => identity.GetProperty("enterpriseId").GetString() == firstId);
        Assert.Equal(
            ["financialOfficer", "legalRepresentative"],
            enterprise.Where(identity => identity.GetProperty("enterpriseId").GetString() == secondId)
                .Select(identity => identity.GetProperty("identityType").GetString()).Order(StringComparer.Ordinal));
        foreach (var identity in enterprise)
        {
            var (fullName, fullCode) = identity.GetProperty("enterpriseId").GetString() == firstId ? (FirstName, firstCode) : (SecondName, secondCode);
            var name = identity.GetProperty("enterpriseName").GetString();
            var code = identity.GetProperty("creditCode").GetString();
            Assert.False(string.IsNullOrEmpty(name));
            Assert.False(string.IsNullOrEmpty(code));
            Assert.NotEqual(fullName, name);
            Assert.NotEqual(fullCode, code);
            Assert.Contains('*', name);
            Assert.Contains('*', code);
            Assert.Equal(fullCode.Length, code!.Length);
        }
    }

    [Fact]
    public async Task PersonalLogin_WrongPassword_IsRefused()
    {
        var person = await Api.RegisterAsync();

        var response = await Api.LoginFromAsync(SignInKit.PersonalFields(person.Phone, SignInKit.WrongPassword));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Login_WithoutMode_IsAValidationError()
    {
        var person = await Api.RegisterAsync();

        var response = await Api.LoginFromAsync(new Dictionary<string, object?> { ["account"] = person.Phone, ["password"] = person.Password });

        await response.AssertFieldErrorAsync("mode");
    }
}
