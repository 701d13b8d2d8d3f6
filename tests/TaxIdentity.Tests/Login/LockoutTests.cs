using System.Net;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>A12: per-account lockout after five wrong passwords, five minutes at first, doubling after.</summary>
public sealed class LockoutTests(ClockedApiFixture fixture) : IClassFixture<ClockedApiFixture>
{
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
    public async Task LockedAccount_CannotSignInBySmsCodeEither()
    {
        var person = await Api.RegisterAsync();
        await FailAsync(person, times: 5);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var verificationId = await Api.SendCodeAsync(new { purpose = "login", account = person.Phone });
        var code = await Api.LatestCodeAsync(person.Phone);

        var response = await Api.PostFromAsync("/api/auth/login/sms", new { mode = "personal", account = person.Phone, verification = new { verificationId, code } });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    private Task<HttpResponseMessage> Personal(TestPerson person) =>
        Api.LoginFromAsync(SignInKit.PersonalFields(person.Phone, person.Password));

    private async Task FailAsync(TestPerson person, int times)
    {
        for (var attempt = 0; attempt < times; attempt++)
        {
            var response = await Api.LoginFromAsync(SignInKit.PersonalFields(person.IdNumber, SignInKit.WrongPassword));
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }
    }
}
