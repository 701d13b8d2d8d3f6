using System.Net;
using TaxIdentity.Core.Login;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>A6: login with an SMS code sent to the person's default phone.</summary>
public sealed class SmsLoginTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task SmsLogin_WithTheLoginCode_StartsASession()
    {
        var person = await Api.RegisterAsync();
        var (verificationId, code) = await LoginCodeAsync(person, person.IdNumber);

        var response = await SmsLoginAsync(new { mode = "personal", account = person.IdNumber, verification = new { verificationId, code } });

        var session = await response.AssertOkAsync();
        Assert.Equal("personal", session.GetProperty("current").GetProperty("kind").GetString());
        Assert.Equal(person.PersonId, (await Api.StoredSessionAsync(Accounts.ToSession(session))).PersonId);
        var log = (await Api.LoginLogsAsync(LoginLogEntity.PersonPartition(person.PersonId)))[0];
        Assert.Equal("sms", log.Method);
        Assert.Equal("success", log.Outcome);
    }

    [Fact]
    public async Task SmsLogin_IntoAnEnterprise_LandsOnTheChosenIdentity()
    {
        var person = await Api.RegisterAsync();
        var (creditCode, enterpriseId) = await Api.EnterpriseOfAsync(person, person);
        var (verificationId, code) = await LoginCodeAsync(person, person.Phone);

        var response = await SmsLoginAsync(new
        {
            mode = "enterprise",
            creditCode,
            account = person.Phone,
            identityType = "financialOfficer",
            verification = new { verificationId, code },
        });

        var current = (await response.AssertOkAsync()).GetProperty("current");
        Assert.Equal(enterpriseId, current.GetProperty("enterpriseId").GetString());
        Assert.Equal("financialOfficer", current.GetProperty("identityType").GetString());
    }

    [Fact]
    public async Task SmsLogin_WrongCode_IsRefused()
    {
        var person = await Api.RegisterAsync();
        var (verificationId, code) = await LoginCodeAsync(person, person.Phone);

        var response = await SmsLoginAsync(new { mode = "personal", account = person.Phone, verification = new { verificationId, code = SignInKit.OtherCode(code) } });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var log = (await Api.LoginLogsAsync(LoginLogEntity.PersonPartition(person.PersonId)))[0];
        Assert.Equal("failure", log.Outcome);
        Assert.Equal("sms", log.Method);
    }

    [Fact]
    public async Task SmsLogin_CodeUsedTwice_IsRefusedTheSecondTime()
    {
        var person = await Api.RegisterAsync();
        var (verificationId, code) = await LoginCodeAsync(person, person.Phone);
        var body = new { mode = "personal", account = person.Phone, verification = new { verificationId, code } };

        await (await SmsLoginAsync(body)).AssertOkAsync();
        var second = await SmsLoginAsync(body);

        await second.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task SmsLogin_CodeSentForAnotherPurpose_IsRefused()
    {
        var person = await Api.RegisterAsync();
        var verificationId = await Api.SendCodeAsync(new { purpose = "resetPassword", account = person.Phone });
        var code = await Api.LatestCodeAsync(person.Phone);

        var response = await SmsLoginAsync(new { mode = "personal", account = person.Phone, verification = new { verificationId, code } });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task SmsLogin_AnotherPersonsCode_IsRefused()
    {
        var person = await Api.RegisterAsync();
        var other = await Api.RegisterAsync();
        var (verificationId, code) = await LoginCodeAsync(other, other.Phone);

        var response = await SmsLoginAsync(new { mode = "personal", account = person.Phone, verification = new { verificationId, code } });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await SmsLoginAsync(new { mode = "personal", account = other.Phone, verification = new { verificationId, code } })).AssertOkAsync();
    }

    [Fact]
    public async Task SmsLogin_IntoAnEnterpriseWithoutAnIdentity_IsRefused()
    {
        var owner = await Api.RegisterAsync();
        var stranger = await Api.RegisterAsync();
        var (creditCode, _) = await Api.EnterpriseOfAsync(owner);
        var (verificationId, code) = await LoginCodeAsync(stranger, stranger.Phone);

        var response = await SmsLoginAsync(new { mode = "enterprise", creditCode, account = stranger.Phone, verification = new { verificationId, code } });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    private async Task<(string VerificationId, string Code)> LoginCodeAsync(TestPerson person, string account)
    {
        var verificationId = await Api.SendCodeAsync(new { purpose = "login", account });
        return (verificationId, await Api.LatestCodeAsync(person.Phone));
    }

    private Task<HttpResponseMessage> SmsLoginAsync(object body) => Api.PostFromAsync("/api/auth/login/sms", body);
}
