using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Verification;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Verification;

/// <summary>A8: one-time, short-lived proof-of-work captchas, checked before any password work.</summary>
public sealed class CaptchaTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static async Task<JsonElement> IssueAsync(ApiHost api) =>
        await (await api.Client.PostAsync("/api/captcha", null)).AssertOkAsync(HttpStatusCode.Created);

    private static string Salt(JsonElement captcha) => captcha.GetProperty("challenge").GetProperty("salt").GetString()!;

    private static int Difficulty(JsonElement captcha) => captcha.GetProperty("challenge").GetProperty("difficulty").GetInt32();

    private static object Answer(JsonElement captcha, string answer) => new { captchaId = captcha.GetProperty("captchaId").GetString(), answer };

    private static object Solved(JsonElement captcha) => Answer(captcha, CaptchaService.Solve(Salt(captcha), Difficulty(captcha)));

    /// <summary>The first nonce that does not solve the challenge.</summary>
    private static object Unsolved(JsonElement captcha) =>
        Answer(captcha, Enumerable.Range(0, 1000).Select(n => n.ToString(CultureInfo.InvariantCulture)).First(nonce => !CaptchaService.IsSolution(Salt(captcha), nonce, Difficulty(captcha))));

    private static Task<HttpResponseMessage> LoginAsync(ApiHost api, TestPerson person, object? captcha, string? password = null) =>
        api.Client.PostAsJsonAsync("/api/auth/login", new Dictionary<string, object?>
        {
            ["mode"] = "personal",
            ["account"] = person.Phone,
            ["password"] = password ?? person.Password,
            ["captcha"] = captcha,
        });

    [Fact]
    public async Task Captcha_Create_AnswersASha256ChallengeWithTheConfiguredDifficulty()
    {
        var before = DateTimeOffset.UtcNow;

        var captcha = await IssueAsync(Api);
        var other = await IssueAsync(Api);

        Assert.False(string.IsNullOrEmpty(captcha.GetProperty("captchaId").GetString()));
        var challenge = captcha.GetProperty("challenge");
        Assert.Equal("SHA-256", challenge.GetProperty("algorithm").GetString());
        Assert.Equal(2, Difficulty(captcha));
        Assert.True(Salt(captcha).Length >= 16);
        Assert.NotEqual(Salt(captcha), Salt(other));
        Assert.NotEqual(captcha.GetProperty("captchaId").GetString(), other.GetProperty("captchaId").GetString());
        Assert.InRange(captcha.GetProperty("expiresAt").GetDateTimeOffset() - before, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Login_WithSolvedCaptcha_Succeeds()
    {
        var person = await Api.RegisterAsync();

        await (await LoginAsync(Api, person, Solved(await IssueAsync(Api)))).AssertOkAsync();
    }

    [Fact]
    public async Task Login_WrongCaptchaAnswer_FailsCaptcha()
    {
        var person = await Api.RegisterAsync();

        var response = await LoginAsync(Api, person, Unsolved(await IssueAsync(Api)));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("abc")]
    public async Task Login_NonDecimalCaptchaAnswer_FailsCaptcha(string answer)
    {
        var person = await Api.RegisterAsync();

        var response = await LoginAsync(Api, person, Answer(await IssueAsync(Api), answer));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
    }

    [Fact]
    public async Task Login_ReusedSolvedCaptcha_FailsCaptcha()
    {
        var person = await Api.RegisterAsync();
        var captcha = Solved(await IssueAsync(Api));
        await (await LoginAsync(Api, person, captcha)).AssertOkAsync();

        var reused = await LoginAsync(Api, person, captcha);

        await reused.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
    }

    [Fact]
    public async Task Login_CaptchaAnsweredWrongOnce_CannotBeRetriedWithTheRightAnswer()
    {
        var person = await Api.RegisterAsync();
        var captcha = await IssueAsync(Api);
        await (await LoginAsync(Api, person, Unsolved(captcha))).AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");

        var retried = await LoginAsync(Api, person, Solved(captcha));

        await retried.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
    }

    [Fact]
    public async Task Login_WithoutCaptcha_FailsCaptcha()
    {
        var person = await Api.RegisterAsync();

        var response = await LoginAsync(Api, person, captcha: null);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
    }

    [Fact]
    public async Task Login_UnknownCaptchaId_FailsCaptcha()
    {
        var person = await Api.RegisterAsync();

        var response = await LoginAsync(Api, person, new { captchaId = "0196a3b1c2d37e8f9a0b1c2d3e4f5a6b", answer = "0" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
    }

    [Fact]
    public async Task Login_ExpiredCaptcha_FailsCaptcha()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var person = await api.RegisterAsync();
        var captcha = await IssueAsync(api);
        var lifetime = captcha.GetProperty("expiresAt").GetDateTimeOffset() - time.GetUtcNow();
        Assert.Equal(TimeSpan.FromSeconds(120), lifetime);

        time.Advance(lifetime);

        await (await LoginAsync(api, person, Solved(captcha))).AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
    }

    [Fact]
    public async Task Login_CaptchaJustBeforeExpiry_Works()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var person = await api.RegisterAsync();
        var captcha = await IssueAsync(api);

        time.Advance(TimeSpan.FromSeconds(119));

        await (await LoginAsync(api, person, Solved(captcha))).AssertOkAsync();
    }

    [Fact]
    public async Task Login_WithoutValidCaptcha_ChecksNoPasswordCountsNoFailureAndLogsNothing()
    {
        var person = await Api.RegisterAsync();
        var persons = Api.Services.GetRequiredService<PersonDirectory>();
        var logPartition = LoginLogEntity.PersonPartition(person.PersonId);

        // More wrong passwords than the lockout allows, each with a wrong captcha; then the right password, still with a wrong captcha.
        for (var i = 0; i < 6; i++)
        {
            await (await LoginAsync(Api, person, Unsolved(await IssueAsync(Api)), "Wrong#Pass" + i)).AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
        }

        await (await LoginAsync(Api, person, Unsolved(await IssueAsync(Api)))).AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
        await (await LoginAsync(Api, person, captcha: null, "Wrong#Pass")).AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");

        var stored = (await persons.FindAsync(person.PersonId, default))!;
        Assert.Equal(0, stored.FailedLogins);
        Assert.Equal(0, stored.Lockouts);
        Assert.Null(stored.LockedUntil);
        Assert.Empty(await Api.RowsAsync(TableNames.LoginLogs, logPartition));

        // The same observations do see a password that was checked: one failure counted, one attempt logged.
        await (await LoginAsync(Api, person, Solved(await IssueAsync(Api)), "Wrong#Pass")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(1, (await persons.FindAsync(person.PersonId, default))!.FailedLogins);
        Assert.Single(await Api.RowsAsync(TableNames.LoginLogs, logPartition));
        await (await LoginAsync(Api, person, Solved(await IssueAsync(Api)))).AssertOkAsync();
    }

    [Fact]
    public async Task Difficulty_BelowTheProductionFloor_StopsStartUpOutsideDevelopment()
    {
        await using var app = await ApiHost.BuildAsync(
            settings =>
            {
                ProductionSettings(settings);
                settings["Captcha:Difficulty"] = (CaptchaOptions.ProductionFloor - 1).ToString(CultureInfo.InvariantCulture);
            },
            environment: Environments.Production);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Captcha:Difficulty", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionDefault_IsAtTheFloor_AndAHostOutsideDevelopmentIssuesIt()
    {
        await using var api = await ApiHost.StartAsync(ProductionSettings, environment: Environments.Production);

        var captcha = await IssueAsync(api);

        Assert.Equal(18, CaptchaOptions.ProductionFloor);
        Assert.Equal(CaptchaOptions.ProductionFloor, Difficulty(captcha));
    }

    private static void ProductionSettings(IDictionary<string, string?> settings)
    {
        settings["Tokens:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        settings["Tokens:HashingKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        settings["Sms:Provider"] = "Acs";
        settings["Sms:ConnectionString"] = "endpoint=https://example.communication.azure.com/;accesskey=" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        settings["Sms:From"] = "+18005550100";
    }
}
