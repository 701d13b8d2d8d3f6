using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Verification;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Verification;

/// <summary>
/// B1 against abuse: anonymous sends (register, login, reset) need a solved captcha, go only to allowed
/// destinations and count against per-phone, per-client and overall daily budgets on China Standard Time
/// days; every request gets a verification ID of its own.
/// </summary>
public sealed class SmsAbuseTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    private ApiHost Api => fixture.Host;

    [Theory]
    [InlineData("register")]
    [InlineData("login")]
    [InlineData("resetPassword")]
    public async Task AnonymousSend_WithoutCaptcha_IsCaptchaFailedAndSendsNothing(string purpose)
    {
        var person = await Api.RegisterAsync();
        var phone = purpose == "register" ? TestData.Phone() : person.Phone;
        var before = await Api.InboxCountAsync(phone);

        var response = await Api.Client.PostAsJsonAsync("/api/verifications/sms", AnonymousBody(purpose, phone, person.IdNumber));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
        Assert.Equal(before, await Api.InboxCountAsync(phone));
    }

    [Fact]
    public async Task AnonymousSend_WithAWrongCaptchaAnswer_IsCaptchaFailedAndSendsNothing()
    {
        var phone = TestData.Phone();
        var (captchaId, salt, difficulty) = await IssueCaptchaAsync(Api);
        var wrong = Enumerable.Range(0, 1000).Select(n => n.ToString(CultureInfo.InvariantCulture)).First(n => !CaptchaService.IsSolution(salt, n, difficulty));
        var body = AnonymousBody("register", phone, null);
        body["captcha"] = new { captchaId, answer = wrong };

        var response = await Api.Client.PostAsJsonAsync("/api/verifications/sms", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
        Assert.Equal(0, await Api.InboxCountAsync(phone));
    }

    [Fact]
    public async Task AnonymousSend_WithAnAlreadyUsedCaptcha_IsCaptchaFailed()
    {
        var captcha = await Api.CaptchaAsync();
        await (await Api.RequestSmsAsync(new { purpose = "register", phone = TestData.Phone(), captcha })).AssertOkAsync(HttpStatusCode.Accepted);
        var phone = TestData.Phone();

        var reused = await Api.RequestSmsAsync(new { purpose = "register", phone, captcha });

        await reused.AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
        Assert.Equal(0, await Api.InboxCountAsync(phone));
    }

    [Fact]
    public async Task SignedInSend_NeedsNoCaptcha()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        using var client = Api.WithToken(session.AccessToken);

        var response = await client.PostAsJsonAsync("/api/verifications/sms", new { purpose = "changePassword" });

        await response.AssertOkAsync(HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("+85291234567")]
    [InlineData("+14255550123")]
    [InlineData("+8613912345678")]
    public async Task AnonymousSend_ToANumberOutsideTheAllowedCallingCodes_IsRefusedBeforeAnythingIsSentOrCounted(string phone)
    {
        await using var api = await ApiHost.StartAsync();
        var allowed = phone.StartsWith("+86", StringComparison.Ordinal);

        var response = await api.RequestSmsAsync(new { purpose = "register", phone });

        if (allowed)
        {
            // The control: the same request to a mainland number is sent and counted.
            await response.AssertOkAsync(HttpStatusCode.Accepted);
            Assert.NotEmpty(await SmsCountersAsync(api));
            return;
        }

        await response.AssertFieldErrorAsync("phone");
        Assert.Equal(0, await api.InboxCountAsync(phone));
        Assert.Empty(await SmsCountersAsync(api));
        Assert.Empty(await api.RowsAsync(TableNames.SmsCodes));
    }

    [Fact]
    public async Task AnonymousSend_ToACallingCodeTheSettingAllows_IsSent()
    {
        await using var api = await ApiHost.StartAsync(settings => settings["Verification:AllowedCallingCodes"] = "+86, +852");
        const string phone = "+85291234567";

        await (await api.RequestSmsAsync(new { purpose = "register", phone })).AssertOkAsync(HttpStatusCode.Accepted);

        Assert.Equal(1, await api.InboxCountAsync(phone));
        await (await api.RequestSmsAsync(new { purpose = "register", phone = "+85361234567" })).AssertFieldErrorAsync("phone");
    }

    [Fact]
    public async Task SignedInSend_ToANewPhoneAbroad_GoesOnlyToACallingCodeTheSettingAllows()
    {
        await using var api = await ApiHost.StartAsync(settings => settings["Verification:AllowedCallingCodes"] = "+86, +852");
        var person = await api.RegisterAsync();
        var session = await api.PersonalLoginAsync(person);

        await (await api.RequestSmsAsync(new { purpose = "newPhone", phone = "+85298765432" }, session.AccessToken)).AssertOkAsync(HttpStatusCode.Accepted);
        await (await api.RequestSmsAsync(new { purpose = "newPhone", phone = "+85361234567" }, session.AccessToken)).AssertFieldErrorAsync("phone");
    }

    [Fact]
    public async Task SecondRequester_GetsAVerificationIdOfItsOwn_AndTheFirstKeepsItsCode()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var person = await api.RegisterAsync();

        // The inbox orders by the clock: the login code must be newer than the registration's.
        time.Advance(TimeSpan.FromSeconds(1));
        var first = await api.SendCodeAsync(new { purpose = "login", account = person.IdNumber });
        var firstCode = await api.LatestCodeAsync(person.Phone);
        time.Advance(TimeSpan.FromSeconds(61));

        var second = await api.SendCodeAsync(new { purpose = "login", account = person.Phone });
        var secondCode = await api.LatestCodeAsync(person.Phone);

        Assert.NotEqual(first, second);
        if (firstCode != secondCode)
        {
            await (await SmsLoginAsync(api, person, first, secondCode)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        await (await SmsLoginAsync(api, person, second, secondCode)).AssertOkAsync();
        await (await SmsLoginAsync(api, person, first, firstCode)).AssertOkAsync();
    }

    [Fact]
    public async Task SecondRegistrant_ForTheSamePhone_GetsAVerificationIdOfItsOwn()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var phone = TestData.Phone();
        var (first, _) = await api.RegisterCodeAsync(phone);
        time.Advance(TimeSpan.FromSeconds(61));

        var (second, _) = await api.RegisterCodeAsync(phone);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task ConcurrentRequests_ForOnePhoneAndPurpose_SendOneCode()
    {
        var phone = TestData.Phone();
        var bodies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Api.SmsBodyAsync(new { purpose = "register", phone })));

        var answers = await Task.WhenAll(bodies.Select(body => Api.Client.PostAsJsonAsync("/api/verifications/sms", body)));

        Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.Accepted);
        Assert.All(answers.Where(answer => answer.StatusCode != HttpStatusCode.Accepted), answer => Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode));
        Assert.Equal(1, await Api.InboxCountAsync(phone));
    }

    [Theory]
    [InlineData("login")]
    [InlineData("resetPassword")]
    public async Task AccountCode_Answer_CarriesNoMaskedPhone(string purpose)
    {
        var person = await Api.RegisterAsync();

        var known = await (await Api.RequestSmsAsync(new { purpose, account = person.IdNumber })).AssertOkAsync(HttpStatusCode.Accepted);
        var unknown = await (await Api.RequestSmsAsync(new { purpose, account = TestData.ResidentId() })).AssertOkAsync(HttpStatusCode.Accepted);

        Assert.Equal(["expiresAt", "resendAfter", "verificationId"], Names(known));
        Assert.Equal(["expiresAt", "resendAfter", "verificationId"], Names(unknown));
    }

    [Fact]
    public async Task AnonymousSends_CantUseUpThePersonsSignedInBudget_AndThePhoneGetsAtMostTenADay()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var person = await api.RegisterAsync();
        var session = await api.PersonalLoginAsync(person);

        // Anyone who knows the ID number asks for login codes until refused.
        HttpResponseMessage anonymous;
        var sent = 1;
        do
        {
            time.Advance(TimeSpan.FromSeconds(61));
            anonymous = await api.RequestSmsAsync(new { purpose = "login", account = person.IdNumber });
            sent += anonymous.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
        }
        while (anonymous.StatusCode == HttpStatusCode.Accepted && sent < 20);

        await anonymous.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(5, sent);
        var signedIn = new List<HttpStatusCode>();
        foreach (var purpose in new[] { "changePassword", "changeUsername", "deregister", "addPhone", "deletePhone", "modifyPhone" })
        {
            time.Advance(TimeSpan.FromSeconds(1));
            signedIn.Add((await api.RequestSmsAsync(new { purpose }, session.AccessToken)).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Accepted, 5), HttpStatusCode.TooManyRequests], signedIn);
        Assert.Equal(10, await api.InboxCountAsync(person.Phone));
    }

    [Fact]
    public async Task DailyCount_StartsAfreshAtMidnightChinaStandardTime()
    {
        // 23:50 in Beijing is 15:50 UTC: a UTC day would not end for another eight hours.
        var midnight = new DateTimeOffset(2026, 3, 3, 0, 0, 0, ChinaStandardTime);
        var time = new FakeTimeProvider(midnight.AddMinutes(-10));
        await using var api = await ApiHost.StartOnClockAsync(time);
        var phone = TestData.Phone();
        for (var i = 0; i < 5; i++)
        {
            await api.SendCodeAsync(new { purpose = "register", phone });
            time.Advance(TimeSpan.FromSeconds(61));
        }

        var refused = await api.RequestSmsAsync(new { purpose = "register", phone });
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal((int)Math.Ceiling((midnight - time.GetUtcNow()).TotalSeconds), RetryAfterSeconds(refused));
        time.SetUtcNow(midnight.AddSeconds(-1));
        await (await api.RequestSmsAsync(new { purpose = "register", phone })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");

        time.SetUtcNow(midnight);

        await (await api.RequestSmsAsync(new { purpose = "register", phone })).AssertOkAsync(HttpStatusCode.Accepted);
        Assert.Equal(6, await api.InboxCountAsync(phone));
    }

    [Fact]
    public async Task AnonymousSends_BeyondTheClientsDailyBudget_AreRateLimited()
    {
        await using var api = await ApiHost.StartAsync(settings => settings["Verification:DailyAnonymousSendsPerClient"] = "2");
        const string client = "198.51.100.7";
        await (await RegisterCodeFromAsync(api, TestData.Phone(), client)).AssertOkAsync(HttpStatusCode.Accepted);
        await (await RegisterCodeFromAsync(api, TestData.Phone(), client)).AssertOkAsync(HttpStatusCode.Accepted);
        var phone = TestData.Phone();

        var third = await RegisterCodeFromAsync(api, phone, client);

        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(RetryAfterSeconds(third), 1, 24 * 3600);
        Assert.Equal(0, await api.InboxCountAsync(phone));
        await (await RegisterCodeFromAsync(api, phone, "198.51.100.8")).AssertOkAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task AnonymousSends_BeyondTheDailyTotal_AreRateLimited_SignedInSendsAreNot()
    {
        await using var api = await ApiHost.StartAsync(settings => settings["Verification:DailyAnonymousSendsTotal"] = "3");
        var person = await api.RegisterAsync();
        var session = await api.PersonalLoginAsync(person);
        await (await RegisterCodeFromAsync(api, TestData.Phone(), "198.51.100.21")).AssertOkAsync(HttpStatusCode.Accepted);
        await (await RegisterCodeFromAsync(api, TestData.Phone(), "198.51.100.22")).AssertOkAsync(HttpStatusCode.Accepted);
        var phone = TestData.Phone();

        var fourth = await RegisterCodeFromAsync(api, phone, "198.51.100.23");

        await fourth.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(0, await api.InboxCountAsync(phone));
        await (await api.RequestSmsAsync(new { purpose = "changePassword" }, session.AccessToken)).AssertOkAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task RefusedAnonymousSends_SpendNoBudget()
    {
        await using var api = await ApiHost.StartAsync(settings => settings["Verification:DailyAnonymousSendsPerClient"] = "1");
        const string client = "198.51.100.31";
        await (await api.PostFromAsync("/api/verifications/sms", AnonymousBody("register", TestData.Phone(), null), client))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "captcha_failed");
        await (await api.PostFromAsync("/api/verifications/sms", await api.SmsBodyAsync(new { purpose = "register", phone = "+85291234567" }), client))
            .AssertFieldErrorAsync("phone");

        await (await RegisterCodeFromAsync(api, TestData.Phone(), client)).AssertOkAsync(HttpStatusCode.Accepted);
    }

    private static Dictionary<string, object?> AnonymousBody(string purpose, string phone, string? account) =>
        purpose == "register" ? new() { ["purpose"] = purpose, ["phone"] = phone } : new() { ["purpose"] = purpose, ["account"] = account };

    private static async Task<HttpResponseMessage> RegisterCodeFromAsync(ApiHost api, string phone, string clientIp) =>
        await api.PostFromAsync("/api/verifications/sms", await api.SmsBodyAsync(new { purpose = "register", phone }), clientIp);

    private static Task<HttpResponseMessage> SmsLoginAsync(ApiHost api, TestPerson person, string verificationId, string code) =>
        api.PostFromAsync("/api/auth/login/sms", new { mode = "personal", account = person.Phone, verification = new { verificationId, code } });

    private static async Task<(string CaptchaId, string Salt, int Difficulty)> IssueCaptchaAsync(ApiHost api)
    {
        var captcha = await (await api.Client.PostAsync("/api/captcha", null)).AssertOkAsync(HttpStatusCode.Created);
        var challenge = captcha.GetProperty("challenge");
        return (captcha.GetProperty("captchaId").GetString()!, challenge.GetProperty("salt").GetString()!, challenge.GetProperty("difficulty").GetInt32());
    }

    /// <summary>The rows of the SMS budgets (every counter but the per-minute request throttle).</summary>
    private static async Task<List<Azure.Data.Tables.TableEntity>> SmsCountersAsync(ApiHost api) =>
        [.. (await api.RowsAsync(TableNames.Counters)).Where(row => row.PartitionKey.StartsWith("sms", StringComparison.Ordinal))];

    private static int RetryAfterSeconds(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);

    private static string[] Names(JsonElement body) => [.. body.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal)];
}
