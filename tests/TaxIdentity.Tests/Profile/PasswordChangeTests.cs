using System.Net;
using TaxIdentity.Core.Events;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Profile;

/// <summary>F2 password change by old password (B3), SMS code (B1) or face (B2); A11 revocation of every other session.</summary>
public sealed class PasswordChangeTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private async Task AssertPasswordIsAsync(TestPerson person, string works, string refused)
    {
        await (await Api.LoginAsync(SignInKit.PersonalFields(person.Phone, works))).AssertOkAsync();
        await (await Api.LoginAsync(SignInKit.PersonalFields(person.Phone, refused))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task ChangeByOldPassword_TheNewPasswordSignsIn_AndTheOldOneNoLonger()
    {
        var me = await Api.SignedInAsync();

        var changed = await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = me.Person.Password, newPassword = ProfileKit.NewPassword });

        await changed.AssertOkAsync(HttpStatusCode.NoContent);
        await AssertPasswordIsAsync(me.Person, ProfileKit.NewPassword, me.Person.Password);
    }

    [Fact]
    public async Task ChangeByOldPassword_WithAWrongOldPassword_IsRefused_AndCountsAsAFailedTry()
    {
        var me = await Api.SignedInAsync();

        var refused = await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = SignInKit.WrongPassword, newPassword = ProfileKit.NewPassword });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal(1, (await Api.StoredPersonAsync(me.Person.PersonId)).FailedLogins);
        await AssertPasswordIsAsync(me.Person, me.Person.Password, ProfileKit.NewPassword);
    }

    [Fact]
    public async Task ChangeByOldPassword_OnceTheAccountIsLocked_IsRefusedEvenWithTheRightOne()
    {
        var me = await Api.SignedInAsync();
        var hashBefore = (await Api.StoredPersonAsync(me.Person.PersonId)).PasswordHash;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await (await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = SignInKit.WrongPassword, newPassword = ProfileKit.NewPassword }))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        }

        var refused = await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = me.Person.Password, newPassword = ProfileKit.NewPassword });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        var stored = await Api.StoredPersonAsync(me.Person.PersonId);
        Assert.Equal(hashBefore, stored.PasswordHash);
        Assert.NotNull(stored.LockedUntil);
    }

    [Fact]
    public async Task ChangeBySmsCode_SpendsTheCode()
    {
        var me = await Api.SignedInAsync();
        var verification = await Api.SmsVerificationAsync(me, "changePassword");

        await (await Api.ChangePasswordAsync(me, new { method = "sms", verification, newPassword = ProfileKit.NewPassword })).AssertOkAsync(HttpStatusCode.NoContent);
        var replay = await Api.ChangePasswordAsync(me, new { method = "sms", verification, newPassword = "An0ther#Passw0rd" });

        await replay.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        await AssertPasswordIsAsync(me.Person, ProfileKit.NewPassword, me.Person.Password);
    }

    [Fact]
    public async Task ChangeBySmsCode_WithAWrongCode_IsRefused()
    {
        var me = await Api.SignedInAsync();
        var verificationId = await Api.SendCodeAsync(new { purpose = "changePassword" }, me.Session.AccessToken);
        var code = SignInKit.OtherCode(await Api.LatestCodeAsync(me.Person.Phone));

        var refused = await Api.ChangePasswordAsync(me, new { method = "sms", verification = new { verificationId, code }, newPassword = ProfileKit.NewPassword });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
    }

    [Fact]
    public async Task ChangeBySmsCode_OfAnotherPurpose_IsRefused()
    {
        var me = await Api.SignedInAsync();
        var verification = await Api.SmsVerificationAsync(me, "changeUsername");

        var refused = await Api.ChangePasswordAsync(me, new { method = "sms", verification, newPassword = ProfileKit.NewPassword });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
    }

    [Fact]
    public async Task ChangeByFace_SpendsTheApprovedCheck_Once()
    {
        var me = await Api.SignedInAsync();
        var verificationId = await Api.ApprovedOwnFaceAsync(me, "changePassword");

        await (await Api.ChangePasswordAsync(me, new { method = "face", verification = new { verificationId }, newPassword = ProfileKit.NewPassword })).AssertOkAsync(HttpStatusCode.NoContent);
        var reused = await Api.ChangePasswordAsync(me, new { method = "face", verification = new { verificationId }, newPassword = "An0ther#Passw0rd" });

        await reused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal("used", await Api.VerificationStatusAsync(verificationId));
        await AssertPasswordIsAsync(me.Person, ProfileKit.NewPassword, me.Person.Password);
    }

    [Fact]
    public async Task ChangeByFace_NotYetApproved_IsRefused()
    {
        var me = await Api.SignedInAsync();
        var verificationId = await Api.StartFaceIdAsync(new { purpose = "changePassword" }, me.Session.AccessToken);

        var refused = await Api.ChangePasswordAsync(me, new { method = "face", verification = new { verificationId }, newPassword = ProfileKit.NewPassword });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal("pending", await Api.VerificationStatusAsync(verificationId));
    }

    [Fact]
    public async Task ChangeByFace_ApprovedForAnotherPurpose_IsRefused()
    {
        var me = await Api.SignedInAsync();
        var verificationId = await Api.ApprovedOwnFaceAsync(me, "deregister");

        var refused = await Api.ChangePasswordAsync(me, new { method = "face", verification = new { verificationId }, newPassword = ProfileKit.NewPassword });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal("approved", await Api.VerificationStatusAsync(verificationId));
    }

    [Fact]
    public async Task ChangeByFace_ApprovedForAnotherPerson_IsRefused()
    {
        var someoneElse = await Api.SignedInAsync();
        var me = await Api.SignedInAsync();
        var verification = await Api.FaceVerificationAsync(someoneElse, "changePassword");

        var refused = await Api.ChangePasswordAsync(me, new { method = "face", verification, newPassword = ProfileKit.NewPassword });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        await AssertPasswordIsAsync(me.Person, me.Person.Password, ProfileKit.NewPassword);
    }

    [Fact]
    public async Task ChangeByFace_WithAnSmsMethodMismatch_IsRefused()
    {
        var me = await Api.SignedInAsync();
        var verification = await Api.FaceVerificationAsync(me, "changePassword");

        var refused = await Api.ChangePasswordAsync(me, new { method = "sms", verification, newPassword = ProfileKit.NewPassword });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
    }

    [Theory]
    [InlineData("Sh1#rt")]
    [InlineData("alllowercaseletters")]
    [InlineData("Password1")]
    public async Task Change_BreakingThePolicy_IsRefused(string password)
    {
        var me = await Api.SignedInAsync();

        var refused = await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = me.Person.Password, newPassword = password });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var code = (await refused.ReadJsonAsync()).GetProperty("code").GetString();
        Assert.Contains(code, new[] { "password_policy", "validation_failed" });
        await AssertPasswordIsAsync(me.Person, me.Person.Password, password);
    }

    [Fact]
    public async Task Change_ToThePersonsOwnPhoneOrIdNumber_BreaksThePolicy()
    {
        var me = await Api.SignedInAsync();

        var phone = await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = me.Person.Password, newPassword = "Ab#" + me.Person.Phone });
        var idNumber = await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = me.Person.Password, newPassword = "ab#" + me.Person.IdNumber });

        await phone.AssertProblemAsync(HttpStatusCode.BadRequest, "password_policy");
        await idNumber.AssertProblemAsync(HttpStatusCode.BadRequest, "password_policy");
    }

    [Fact]
    public async Task Change_ToASixtyFourCharacterPassword_IsAcceptedWhole_NeverTruncated()
    {
        var me = await Api.SignedInAsync();
        var longPassword = "Aa1#" + new string('x', 56) + "Zz9!";

        await (await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = me.Person.Password, newPassword = longPassword })).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal(64, longPassword.Length);
        await AssertPasswordIsAsync(me.Person, longPassword, longPassword[..63]);
    }

    [Fact]
    public async Task Change_WithoutTheOldPasswordForThePasswordMethod_IsAValidationError()
    {
        var me = await Api.SignedInAsync();

        var refused = await Api.ChangePasswordAsync(me, new { method = "password", newPassword = ProfileKit.NewPassword });

        await refused.AssertFieldErrorAsync("oldPassword");
    }

    [Fact]
    public async Task Change_EndsEveryOtherSessionAndRefreshToken_AndKeepsThisOne()
    {
        var me = await Api.SignedInAsync();
        var other = await Api.PersonalLoginAsync(me.Person);

        await (await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = me.Person.Password, newPassword = ProfileKit.NewPassword })).AssertOkAsync(HttpStatusCode.NoContent);

        await (await Api.GetWithTokenAsync(other.AccessToken, "/api/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await Api.RefreshAsync(other.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await Api.GetWithTokenAsync(me.Session.AccessToken, "/api/me")).AssertOkAsync();
        var refreshed = Accounts.ToSession(await (await Api.RefreshAsync(me.Session.RefreshToken)).AssertOkAsync());
        await (await Api.GetWithTokenAsync(refreshed.AccessToken, "/api/me")).AssertOkAsync();
    }

    [Fact]
    public async Task Change_MadeFromAnotherSession_EndsTheSessionKeptByAnEarlierChange()
    {
        var me = await Api.SignedInAsync();
        await (await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = me.Person.Password, newPassword = ProfileKit.NewPassword })).AssertOkAsync(HttpStatusCode.NoContent);
        var later = new SignedInPerson(me.Person with { Password = ProfileKit.NewPassword }, await Api.PersonalLoginAsync(me.Person, ProfileKit.NewPassword));

        await (await Api.ChangePasswordAsync(later, new { method = "password", oldPassword = ProfileKit.NewPassword, newPassword = "Th1rd#Passw0rd" })).AssertOkAsync(HttpStatusCode.NoContent);

        await (await Api.GetWithTokenAsync(me.Session.AccessToken, "/api/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await Api.GetWithTokenAsync(later.Session.AccessToken, "/api/me")).AssertOkAsync();
    }

    [Fact]
    public async Task PasswordReset_AfterAChange_EndsTheSessionTheChangeKept()
    {
        var me = await Api.SignedInAsync();
        await (await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = me.Person.Password, newPassword = ProfileKit.NewPassword })).AssertOkAsync(HttpStatusCode.NoContent);
        var verificationId = await Api.SendCodeAsync(new { purpose = "resetPassword", account = me.Person.Phone });
        var code = await Api.LatestCodeAsync(me.Person.Phone);

        await (await Api.PostAnonymousAsync("/api/auth/password/reset", new
        {
            name = me.Person.Name,
            idType = "residentIdCard",
            idNumber = me.Person.IdNumber,
            verification = new { verificationId, code },
            newPassword = "Th1rd#Passw0rd",
        })).AssertOkAsync(HttpStatusCode.NoContent);

        await (await Api.GetWithTokenAsync(me.Session.AccessToken, "/api/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Change_WritesAPasswordChangedEventWithTheChange()
    {
        var me = await Api.SignedInAsync();

        await (await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = me.Person.Password, newPassword = ProfileKit.NewPassword })).AssertOkAsync(HttpStatusCode.NoContent);

        var changed = Assert.Single(await Api.PersonOutboxAsync(me.Person.PersonId), row => row.Type == EventTypes.PasswordChanged);
        Assert.Equal(me.Person.PersonId, changed.SubjectId);
        Assert.DoesNotContain(ProfileKit.NewPassword, changed.Data, StringComparison.Ordinal);
    }
}
