using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Login;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>A12: per-account lockout after five wrong passwords, five minutes at first, doubling up to fifteen; tries are reserved before the hash.</summary>
public sealed class LockoutTests(ClockedApiFixture fixture) : IClassFixture<ClockedApiFixture>
{
    private const int Burst = 40;

    private ApiHost Api => fixture.Host;

    private FakeTimeProvider Clock => fixture.Clock;

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_SoTheRightPasswordIsRefused()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person);

        await FailAsync(person, times: 5);
        var sixth = await Api.EnterprisePasswordAsync(person, code);

        await sixth.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var stored = await Api.StoredPersonAsync(person.PersonId);
        Assert.Equal(Clock.GetUtcNow().AddMinutes(5), stored.LockedUntil!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, stored.Lockouts);
    }

    [Fact]
    public async Task FourWrongPasswords_DoNotLockTheAccount()
    {
        var person = await Api.RegisterAsync();

        await FailAsync(person, times: 4);

        await Api.PersonalLoginAsync(person);
    }

    [Fact]
    public async Task Lockout_EndsAfterFiveMinutes()
    {
        var person = await Api.RegisterAsync();
        await FailAsync(person, times: 5);

        Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await (await Personal(person)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Api.PersonalLoginAsync(person);

        var stored = await Api.StoredPersonAsync(person.PersonId);
        Assert.Equal(0, stored.FailedLogins);
        Assert.Null(stored.LockedUntil);
    }

    [Fact]
    public async Task SuccessfulLogin_ResetsTheFailureCount()
    {
        var person = await Api.RegisterAsync();

        await FailAsync(person, times: 4);
        Assert.Equal(4, (await Api.StoredPersonAsync(person.PersonId)).FailedLogins);
        await Api.PersonalLoginAsync(person);
        Assert.Equal(0, (await Api.StoredPersonAsync(person.PersonId)).FailedLogins);
        await FailAsync(person, times: 4);

        await Api.PersonalLoginAsync(person);
        Assert.Null((await Api.StoredPersonAsync(person.PersonId)).LockedUntil);
    }

    [Fact]
    public async Task SecondLockout_LastsTenMinutes()
    {
        var person = await Api.RegisterAsync();
        await FailAsync(person, times: 5);
        Clock.Advance(TimeSpan.FromMinutes(5));

        await FailAsync(person, times: 5);
        Assert.Equal(Clock.GetUtcNow().AddMinutes(10), (await Api.StoredPersonAsync(person.PersonId)).LockedUntil!.Value, TimeSpan.FromMilliseconds(1));
        Clock.Advance(TimeSpan.FromMinutes(5));
        await (await Personal(person)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await (await Personal(person)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Clock.Advance(TimeSpan.FromSeconds(1));

        await Api.PersonalLoginAsync(person);
    }

    [Fact]
    public async Task WrongPasswordsWhileLocked_DoNotExtendTheLockout()
    {
        var person = await Api.RegisterAsync();
        await FailAsync(person, times: 5);
        var lockedUntil = (await Api.StoredPersonAsync(person.PersonId)).LockedUntil;

        Clock.Advance(TimeSpan.FromMinutes(1));
        await FailAsync(person, times: 5);

        Assert.Equal(lockedUntil, (await Api.StoredPersonAsync(person.PersonId)).LockedUntil);
        Clock.Advance(TimeSpan.FromMinutes(4));
        await Api.PersonalLoginAsync(person);
    }

    [Fact]
    public async Task PasswordLockout_DoesNotBlockSmsLoginOrPasswordReset()
    {
        var person = await Api.RegisterAsync();
        await FailAsync(person, times: 5);
        Assert.NotNull((await Api.StoredPersonAsync(person.PersonId)).LockedUntil);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var verificationId = await Api.SendCodeAsync(new { purpose = "login", account = person.Phone });
        var code = await Api.LatestCodeAsync(person.Phone);

        var smsLogin = await Api.PostFromAsync("/api/auth/login/sms", new { mode = "personal", account = person.Phone, verification = new { verificationId, code } });

        await smsLogin.AssertOkAsync();
        Clock.Advance(TimeSpan.FromSeconds(61));
        var resetId = await Api.SendCodeAsync(new { purpose = "resetPassword", account = person.IdNumber });
        var resetCode = await Api.LatestCodeAsync(person.Phone);
        var reset = await Api.Client.PostAsJsonAsync("/api/auth/password/reset", new
        {
            name = person.Name,
            idType = "residentIdCard",
            idNumber = person.IdNumber,
            verification = new { verificationId = resetId, code = resetCode },
            newPassword = "Qx7$pLn4vTb!",
        });
        await reset.AssertOkAsync(HttpStatusCode.NoContent);
        await Api.PersonalLoginAsync(person, "Qx7$pLn4vTb!");
    }

    [Fact]
    public async Task Lockout_IsCappedAtFifteenMinutes()
    {
        var person = await Api.RegisterAsync();

        foreach (var minutes in new[] { 5, 10, 15, 15 })
        {
            await FailAsync(person, times: 5);
            Assert.Equal(Clock.GetUtcNow().AddMinutes(minutes), (await Api.StoredPersonAsync(person.PersonId)).LockedUntil!.Value, TimeSpan.FromMilliseconds(1));
            Clock.Advance(TimeSpan.FromMinutes(minutes));
        }

        await Api.PersonalLoginAsync(person);
    }

    [Fact]
    public async Task ParallelWrongPasswords_GetNoMoreTriesThanTheFailureBudget()
    {
        var person = await Api.RegisterAsync();

        var responses = await BurstAsync(Api, person, rightAt: -1);

        foreach (var response in responses)
        {
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var reasons = await FailureReasonsAsync(Api, person);
        Assert.Equal(5, reasons.Count(reason => reason == "wrongPassword"));
        Assert.Equal(35, reasons.Count(reason => reason == "locked"));
        var stored = await Api.StoredPersonAsync(person.PersonId);
        Assert.Equal(Clock.GetUtcNow().AddMinutes(5), stored.LockedUntil!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, stored.Lockouts);
    }

    [Fact]
    public async Task ParallelBurst_OnAnAccountWithOneTryLeft_GetsOneTry_AndTheRightPasswordNeitherResetsNorEntersOnceLocked()
    {
        // A hash that takes tens of milliseconds, as in production, so the burst's requests overlap while they hash.
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings => settings["Passwords:Iterations"] = "50000");
        var person = await api.RegisterAsync();
        await FailAsync(api, person, times: 4);
        var rightAt = Random.Shared.Next(Burst);

        var responses = await BurstAsync(api, person, rightAt);

        // Four earlier failures plus exactly one try in the burst; every other attempt found the account locked.
        var reasons = await FailureReasonsAsync(api, person);
        Assert.Equal(5, reasons.Count(reason => reason is "wrongPassword" or null));
        Assert.Equal(Burst - 1, reasons.Count(reason => reason == "locked"));
        foreach (var response in responses.Where((_, index) => index != rightAt))
        {
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var stored = await api.StoredPersonAsync(person.PersonId);
        if (responses[rightAt].IsSuccessStatusCode)
        {
            // The right password took the one try: as if it had come first in a sequence of 40.
            Assert.Equal(4, reasons.Count(reason => reason == "wrongPassword"));
            Assert.Null(stored.LockedUntil);
            Assert.Equal(0, stored.FailedLogins);
            return;
        }

        await responses[rightAt].AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(clock.GetUtcNow().AddMinutes(5), stored.LockedUntil!.Value, TimeSpan.FromMilliseconds(1));
        await (await api.LoginFromAsync(SignInKit.PersonalFields(person.Phone, person.Password))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    /// <summary>Forty password logins sent at once, each with its own solved captcha; the one at <paramref name="rightAt"/> has the right password.</summary>
    private static async Task<HttpResponseMessage[]> BurstAsync(ApiHost api, TestPerson person, int rightAt)
    {
        var bodies = new List<Dictionary<string, object?>>();
        for (var index = 0; index < Burst; index++)
        {
            bodies.Add(new Dictionary<string, object?>(SignInKit.PersonalFields(person.Phone, index == rightAt ? person.Password : SignInKit.WrongPassword))
            {
                ["captcha"] = await api.CaptchaAsync(),
            });
        }

        return await Task.WhenAll(bodies.Select(body => api.Client.PostAsJsonAsync("/api/auth/login", body)));
    }

    /// <summary>The failure reason of every logged attempt of the person (null for a success).</summary>
    private static async Task<List<string?>> FailureReasonsAsync(ApiHost api, TestPerson person) =>
        (await api.LoginLogsAsync(LoginLogEntity.PersonPartition(person.PersonId))).Select(row => row.FailureReason).ToList();

    private Task<HttpResponseMessage> Personal(TestPerson person) =>
        Api.LoginFromAsync(SignInKit.PersonalFields(person.Phone, person.Password));

    private Task FailAsync(TestPerson person, int times) => FailAsync(Api, person, times);

    private static async Task FailAsync(ApiHost api, TestPerson person, int times)
    {
        for (var attempt = 0; attempt < times; attempt++)
        {
            var response = await api.LoginFromAsync(SignInKit.PersonalFields(person.IdNumber, SignInKit.WrongPassword));
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }
    }
}
