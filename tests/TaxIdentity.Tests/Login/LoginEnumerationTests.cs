using System.Net;
using System.Net.Http.Json;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>A12 and A8: failed logins all look alike, and a captcha is spent before any password is checked.</summary>
public sealed class LoginEnumerationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task FailedLogins_UnknownAccountWrongPasswordNoIdentityAndLocked_AnswerIdentically()
    {
        var owner = await Api.RegisterAsync();
        var stranger = await Api.RegisterAsync();
        var locked = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(owner);
        await Api.GrantAsync(enterpriseId, locked.PersonId, Core.Catalog.IdentityType.TaxClerk);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await (await Api.EnterprisePasswordAsync(locked, code, SignInKit.WrongPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        Assert.NotNull((await Api.StoredPersonAsync(locked.PersonId)).LockedUntil);

        var unknownAccount = await Api.LoginFromAsync(SignInKit.EnterpriseFields(code, TestData.Phone(), Accounts.Password));
        var wrongPassword = await Api.EnterprisePasswordAsync(owner, code, SignInKit.WrongPassword);
        var noIdentity = await Api.EnterprisePasswordAsync(stranger, code);
        var lockedAccount = await Api.EnterprisePasswordAsync(locked, code);

        var bodies = new List<string>();
        foreach (var response in new[] { unknownAccount, wrongPassword, noIdentity, lockedAccount })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
            Assert.False(response.Headers.Contains("Retry-After"));
            bodies.Add(SignInKit.WithoutTraceId(problem));
        }

        Assert.Single(bodies.Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PersonalLogin_UnknownAccountAndWrongPassword_AnswerIdentically()
    {
        var person = await Api.RegisterAsync(username: SignInKit.Username());

        var unknownUsername = await Api.LoginFromAsync(SignInKit.PersonalFields(SignInKit.Username(), Accounts.Password));
        var unknownId = await Api.LoginFromAsync(SignInKit.PersonalFields(TestData.ResidentId(), Accounts.Password));
        var wrongPassword = await Api.LoginFromAsync(SignInKit.PersonalFields(person.Username!, SignInKit.WrongPassword));

        var bodies = new List<string>();
        foreach (var response in new[] { unknownUsername, unknownId, wrongPassword })
        {
            bodies.Add(SignInKit.WithoutTraceId(await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials")));
        }

        Assert.Single(bodies.Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Captcha_UsedTwice_IsRefusedTheSecondTime()
    {
        var person = await Api.RegisterAsync();
        var captcha = await Api.CaptchaAsync();
        var body = new Dictionary<string, object?>(SignInKit.PersonalFields(person.Phone, person.Password)) { ["captcha"] = captcha };

        await (await Api.Client.PostAsJsonAsync("/api/auth/login", body)).AssertOkAsync();
        var second = await Api.Client.PostAsJsonAsync("/api/auth/login", body);

        await second.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
    }

    [Fact]
    public async Task Captcha_WrongAnswer_IsRefused_AndCannotBeRetried()
    {
        var person = await Api.RegisterAsync();
        var captcha = await (await Api.Client.PostAsync("/api/captcha", null)).AssertOkAsync(HttpStatusCode.Created);
        var captchaId = captcha.GetProperty("captchaId").GetString();
        var challenge = captcha.GetProperty("challenge");
        var right = Core.Verification.CaptchaService.Solve(challenge.GetProperty("salt").GetString()!, challenge.GetProperty("difficulty").GetInt32());
        var wrong = Enumerable.Range(0, 10_000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .First(nonce => !Core.Verification.CaptchaService.IsSolution(challenge.GetProperty("salt").GetString()!, nonce, challenge.GetProperty("difficulty").GetInt32()));
        var fields = SignInKit.PersonalFields(person.Phone, person.Password);

        var wrongAnswer = await Api.Client.PostAsJsonAsync("/api/auth/login", new Dictionary<string, object?>(fields) { ["captcha"] = new { captchaId, answer = wrong } });
        var rightAfterWrong = await Api.Client.PostAsJsonAsync("/api/auth/login", new Dictionary<string, object?>(fields) { ["captcha"] = new { captchaId, answer = right } });

        await wrongAnswer.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
        await rightAfterWrong.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
    }

    [Fact]
    public async Task Login_WithoutCaptcha_IsRefused()
    {
        var person = await Api.RegisterAsync();

        var response = await Api.Client.PostAsJsonAsync("/api/auth/login", SignInKit.PersonalFields(person.Phone, person.Password));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
    }

    [Fact]
    public async Task WrongPasswords_WithAFailedCaptcha_DoNotCountTowardsLockout()
    {
        var person = await Api.RegisterAsync();

        for (var attempt = 0; attempt < 6; attempt++)
        {
            var response = await Api.Client.PostAsJsonAsync("/api/auth/login", new Dictionary<string, object?>(SignInKit.PersonalFields(person.Phone, SignInKit.WrongPassword))
            {
                ["captcha"] = new { captchaId = "no-such-captcha", answer = "1" },
            });
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
        }

        var stored = await Api.StoredPersonAsync(person.PersonId);
        Assert.Equal(0, stored.FailedLogins);
        Assert.Null(stored.LockedUntil);
        await Api.PersonalLoginAsync(person);
    }
}
