using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Registration;

/// <summary>A10: forgotten password — name and ID, an SMS code to the default phone, a new password.</summary>
public sealed class PasswordResetTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string NewPassword = "Qx7$pLn4vTb!";

    private ApiHost Api => fixture.Host;

    private async Task<(string VerificationId, string Code)> ResetCodeAsync(TestPerson person)
    {
        var verificationId = await Api.SendCodeAsync(new { purpose = "resetPassword", account = person.IdNumber });
        return (verificationId, await Api.LatestCodeAsync(person.Phone));
    }

    private Task<HttpResponseMessage> ResetAsync(TestPerson person, string verificationId, string code, string newPassword = NewPassword, string? name = null) =>
        Api.Client.PostAsJsonAsync("/api/auth/password/reset", new
        {
            name = name ?? person.Name,
            idType = "residentIdCard",
            idNumber = person.IdNumber,
            verification = new { verificationId, code },
            newPassword,
        });

    private Task<HttpResponseMessage> ResetWithFaceAsync(TestPerson person, string faceVerificationId) =>
        Api.Client.PostAsJsonAsync("/api/auth/password/reset", new
        {
            name = person.Name,
            idType = "residentIdCard",
            idNumber = person.IdNumber,
            verification = new { verificationId = faceVerificationId },
            newPassword = NewPassword,
        });

    private Task<HttpResponseMessage> PersonalLoginAsync(TestPerson person, string password) =>
        Api.LoginAsync(new Dictionary<string, object?> { ["mode"] = "personal", ["account"] = person.IdNumber, ["password"] = password });

    [Fact]
    public async Task ResetPassword_WithNameIdAndCode_ReplacesThePassword()
    {
        var person = await Api.RegisterAsync();
        var (verificationId, code) = await ResetCodeAsync(person);

        await (await ResetAsync(person, verificationId, code)).AssertOkAsync(HttpStatusCode.NoContent);

        await (await PersonalLoginAsync(person, person.Password)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await PersonalLoginAsync(person, NewPassword)).AssertOkAsync();
    }

    [Fact]
    public async Task ResetPassword_EndsExistingSessions()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        using var signedIn = Api.WithToken(session.AccessToken);
        await (await signedIn.GetAsync("/api/me/identities")).AssertOkAsync();
        var (verificationId, code) = await ResetCodeAsync(person);

        await (await ResetAsync(person, verificationId, code)).AssertOkAsync(HttpStatusCode.NoContent);

        await (await signedIn.GetAsync("/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        var refresh = await Api.Client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = session.RefreshToken });
        await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task ResetPassword_WrongName_FailsVerificationAndKeepsThePassword()
    {
        var person = await Api.RegisterAsync();
        var (verificationId, code) = await ResetCodeAsync(person);

        var response = await ResetAsync(person, verificationId, code, name: person.Name + "甲");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        await (await PersonalLoginAsync(person, person.Password)).AssertOkAsync();
        await (await PersonalLoginAsync(person, NewPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task ResetPassword_UnknownId_SmsAnswersAlikeAndResetFailsVerification()
    {
        var known = await Api.RegisterAsync();
        var real = await (await Api.RequestSmsAsync(new { purpose = "resetPassword", account = known.IdNumber })).AssertOkAsync(HttpStatusCode.Accepted);
        var stranger = new TestPerson("none", "央金", TestData.ResidentId(), TestData.Phone(), null, Accounts.Password);

        var decoy = await (await Api.RequestSmsAsync(new { purpose = "resetPassword", account = stranger.IdNumber })).AssertOkAsync(HttpStatusCode.Accepted);

        Assert.Equal(real.EnumerateObject().Select(property => property.Name).Order(), decoy.EnumerateObject().Select(property => property.Name).Order());
        Assert.Equal(["expiresAt", "resendAfter", "verificationId"], decoy.EnumerateObject().Select(property => property.Name).Order());
        Assert.StartsWith("s", decoy.GetProperty("verificationId").GetString(), StringComparison.Ordinal);
        Assert.True(decoy.GetProperty("resendAfter").GetDateTimeOffset() < decoy.GetProperty("expiresAt").GetDateTimeOffset());
        var response = await ResetAsync(stranger, decoy.GetProperty("verificationId").GetString()!, "123456");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Null(await Api.Services.GetRequiredService<AccountDirectory>().FindAsync(stranger.IdNumber, default));
    }

    [Theory]
    [InlineData("resetPassword")]
    [InlineData("login")]
    public async Task AccountCode_ForUnknownId_BehavesLikeOneForAKnownId(string purpose)
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var known = await api.RegisterAsync();
        var accounts = new[] { known.IdNumber, TestData.ResidentId() };
        var answers = new List<string>();
        foreach (var account in accounts)
        {
            var first = await (await api.RequestSmsAsync(new { purpose, account })).AssertOkAsync(HttpStatusCode.Accepted);
            var verificationId = first.GetProperty("verificationId").GetString()!;
            var status = await (await api.Client.GetAsync($"/api/verifications/{verificationId}")).AssertOkAsync();
            var tooSoon = await api.RequestSmsAsync(new { purpose, account = " " + account.ToLowerInvariant() });
            time.Advance(TimeSpan.FromSeconds(61));
            var resent = await (await api.RequestSmsAsync(new { purpose, account })).AssertOkAsync(HttpStatusCode.Accepted);

            // What a caller can observe, without the account-specific values (the IDs).
            answers.Add(string.Join(
                " | ",
                status.GetProperty("status").GetString(),
                (int)tooSoon.StatusCode,
                tooSoon.Headers.RetryAfter,
                resent.GetProperty("verificationId").GetString() == verificationId,
                resent.GetProperty("expiresAt").GetDateTimeOffset() - time.GetUtcNow(),
                resent.GetProperty("resendAfter").GetDateTimeOffset() - time.GetUtcNow()));
            time.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.StartsWith("pending | 429 |", answers[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPassword_WrongNameUnknownIdAndWrongCode_AnswerIdentically()
    {
        var person = await Api.RegisterAsync();
        var (verificationId, code) = await ResetCodeAsync(person);
        var stranger = new TestPerson("none", person.Name, TestData.ResidentId(), TestData.Phone(), null, Accounts.Password);
        var decoy = await (await Api.RequestSmsAsync(new { purpose = "resetPassword", account = stranger.IdNumber })).AssertOkAsync(HttpStatusCode.Accepted);

        var wrongCode = await ResetAsync(person, verificationId, SignInKit.OtherCode(code));
        var unknownId = await ResetAsync(stranger, decoy.GetProperty("verificationId").GetString()!, code);
        var unknownIdWithARealCode = await ResetAsync(stranger, verificationId, code);
        var wrongName = await ResetAsync(person, verificationId, code, name: person.Name + "甲");

        var bodies = new List<string>();
        foreach (var response in new[] { wrongCode, unknownId, unknownIdWithARealCode, wrongName })
        {
            bodies.Add(SignInKit.WithoutTraceId(await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed")));
        }

        Assert.Single(bodies.Distinct(StringComparer.Ordinal));
        await (await PersonalLoginAsync(person, person.Password)).AssertOkAsync();
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("username")]
    public async Task ResetPassword_PasswordMentioningThePhoneOrUsername_IsNotAnsweredBeforeTheCodeIsVerified(string mention)
    {
        var person = await Api.RegisterAsync(username: "Xz_9" + Guid.NewGuid().ToString("N")[..8]);
        var (verificationId, code) = await ResetCodeAsync(person);
        var newPassword = mention == "phone" ? "Ab#" + person.Phone : person.Username!;

        var wrongCode = await (await ResetAsync(person, verificationId, SignInKit.OtherCode(code), newPassword)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");

        Assert.False(wrongCode.TryGetProperty("errors", out _));
        Assert.DoesNotContain("phone", wrongCode.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("username", wrongCode.GetRawText(), StringComparison.OrdinalIgnoreCase);
        var rightCode = await (await ResetAsync(person, verificationId, code, newPassword)).AssertProblemAsync(HttpStatusCode.BadRequest, "password_policy");
        Assert.True(rightCode.GetProperty("errors").TryGetProperty("newPassword", out _));
        await (await ResetAsync(person, verificationId, code)).AssertOkAsync(HttpStatusCode.NoContent);
        await (await PersonalLoginAsync(person, NewPassword)).AssertOkAsync();
    }

    [Fact]
    public async Task ResetPassword_WithAFaceCheckForTheNameAndId_ReplacesThePassword()
    {
        var person = await Api.RegisterAsync();
        var faceId = await Api.ApprovedFaceAsync("resetPassword", person.Name, person.IdNumber);

        await (await ResetWithFaceAsync(person, faceId)).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal("used", await Api.VerificationStatusAsync(faceId));
        await (await PersonalLoginAsync(person, NewPassword)).AssertOkAsync();
    }

    [Fact]
    public async Task ResetPassword_WithAFaceCheckForAnotherPerson_FailsVerification()
    {
        var person = await Api.RegisterAsync();
        var other = await Api.RegisterAsync();
        var faceId = await Api.ApprovedFaceAsync("resetPassword", other.Name, other.IdNumber);

        await (await ResetWithFaceAsync(person, faceId)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");

        Assert.Equal("approved", await Api.VerificationStatusAsync(faceId));
        await (await PersonalLoginAsync(person, person.Password)).AssertOkAsync();
    }

    [Fact]
    public async Task ResetPassword_WithAFaceCheckForRegistration_FailsVerification()
    {
        var person = await Api.RegisterAsync();
        var faceId = await Api.ApprovedFaceAsync("register", person.Name, person.IdNumber);

        await (await ResetWithFaceAsync(person, faceId)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");

        await (await PersonalLoginAsync(person, person.Password)).AssertOkAsync();
    }

    [Theory]
    [InlineData("weakpass")]
    [InlineData("P@ssw0rd")]
    public async Task ResetPassword_WeakNewPassword_BreaksPasswordPolicy(string newPassword)
    {
        var person = await Api.RegisterAsync();
        var (verificationId, code) = await ResetCodeAsync(person);

        var problem = await (await ResetAsync(person, verificationId, code, newPassword)).AssertProblemAsync(HttpStatusCode.BadRequest, "password_policy");

        Assert.True(problem.GetProperty("errors").TryGetProperty("newPassword", out _));
        await (await PersonalLoginAsync(person, person.Password)).AssertOkAsync();
    }

    [Fact]
    public async Task ResetPassword_NewPasswordContainingTheIdNumber_BreaksPasswordPolicy()
    {
        var person = await Api.RegisterAsync();
        var (verificationId, code) = await ResetCodeAsync(person);

        var response = await ResetAsync(person, verificationId, code, "Id#" + person.IdNumber);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "password_policy");
    }

    [Fact]
    public async Task ResetPassword_CodeSentForAnotherPerson_FailsVerification()
    {
        var owner = await Api.RegisterAsync();
        var victim = await Api.RegisterAsync();
        var (verificationId, code) = await ResetCodeAsync(owner);

        var response = await ResetAsync(victim, verificationId, code);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        await (await PersonalLoginAsync(victim, victim.Password)).AssertOkAsync();
    }

    [Fact]
    public async Task ResetPassword_CodeSentForLogin_FailsVerification()
    {
        var person = await Api.RegisterAsync();
        var verificationId = await Api.SendCodeAsync(new { purpose = "login", account = person.IdNumber });
        var code = await Api.LatestCodeAsync(person.Phone);

        var response = await ResetAsync(person, verificationId, code);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        await (await PersonalLoginAsync(person, person.Password)).AssertOkAsync();
    }

    [Theory]
    [InlineData("name")]
    [InlineData("idType")]
    [InlineData("idNumber")]
    [InlineData("verification")]
    [InlineData("newPassword")]
    public async Task ResetPassword_MissingField_NamesTheField(string field)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = "央金",
            ["idType"] = "residentIdCard",
            ["idNumber"] = TestData.ResidentId(),
            ["verification"] = new { verificationId = "s0123456789abcdef", code = "123456" },
            ["newPassword"] = NewPassword,
        };
        body.Remove(field);

        await (await Api.Client.PostAsJsonAsync("/api/auth/password/reset", body)).AssertFieldErrorAsync(field);
    }
}
