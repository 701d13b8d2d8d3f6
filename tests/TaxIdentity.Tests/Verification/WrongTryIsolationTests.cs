using System.Net;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Login;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Verification;

/// <summary>
/// B1: wrong tries are counted per verification and per phone, so a stranger guessing at the code they asked to be
/// sent to someone's phone locks only their own verification; the person's own live code keeps working.
/// </summary>
public sealed class WrongTryIsolationTests
{
    [Fact]
    public async Task StrangersWrongTries_DoNotLockTheVictimsOwnLiveCode()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var victim = await api.RegisterAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        var own = await api.SendCodeAsync(new { purpose = "login", account = victim.Phone });
        var ownCode = await api.LatestCodeAsync(victim.Phone);
        time.Advance(TimeSpan.FromSeconds(61));
        var strangers = await api.SendCodeAsync(new { purpose = "login", account = victim.IdNumber });
        var strangersCode = await api.LatestCodeAsync(victim.Phone);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            // The stranger guesses; even the victim's own code is wrong on the stranger's verification.
            var guess = attempt == 0 ? ownCode : SignUp.WrongCode(strangersCode);
            await (await SmsLoginAsync(api, victim, strangers, guess == strangersCode ? SignUp.WrongCode(guess) : guess))
                .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        Assert.Equal("locked", await api.VerificationStatusAsync(strangers));
        Assert.Equal("pending", await api.VerificationStatusAsync(own));
        var login = await SmsLoginAsync(api, victim, own, ownCode);

        await login.AssertOkAsync();
        var logged = await api.LoginLogsAsync(LoginLogEntity.PersonPartition(victim.PersonId));
        Assert.Single(logged, row => row.Outcome == "success" && row.Method == "sms");
    }

    [Fact]
    public async Task FiveWrongTriesOnOneVerification_LockIt_EvenWithTheRightCodeAfterwards()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var person = await api.RegisterAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        var verificationId = await api.SendCodeAsync(new { purpose = "login", account = person.Phone });
        var code = await api.LatestCodeAsync(person.Phone);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await (await SmsLoginAsync(api, person, verificationId, SignUp.WrongCode(code))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        await (await SmsLoginAsync(api, person, verificationId, code)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal("locked", await api.VerificationStatusAsync(verificationId));
    }

    private static Task<HttpResponseMessage> SmsLoginAsync(ApiHost api, TestPerson person, string verificationId, string code) =>
        api.PostFromAsync("/api/auth/login/sms", new { mode = "personal", account = person.Phone, verification = new { verificationId, code } });
}
