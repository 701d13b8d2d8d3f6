using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Verification;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Verification;

/// <summary>B1: SMS one-time codes — six digits, five minutes, single use, five wrong tries, 60 s resend, five anonymous and ten in all a day, stored hashed.</summary>
public sealed partial class SmsCodeTests(OwnApiFixture fixture) : IClassFixture<OwnApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static async Task<HttpResponseMessage> RegisterAsync(ApiHost api, string phone, string verificationId, string code) =>
        await api.PostRegistrationAsync(await api.ProvenBodyAsync(phone, verificationId, code));

    private static async Task<string> StatusAsync(ApiHost api, string verificationId) =>
        (await (await api.Client.GetAsync($"/api/verifications/{verificationId}")).AssertOkAsync()).GetProperty("status").GetString()!;

    [Fact]
    public async Task SendCode_Register_SendsSixDigitsAndAnswersWithMaskedPhoneAndTimes()
    {
        var phone = TestData.Phone();
        var before = DateTimeOffset.UtcNow;

        var sent = await (await Api.RequestSmsAsync(new { purpose = "register", phone })).AssertOkAsync(HttpStatusCode.Accepted);

        Assert.StartsWith(SmsCodeService.IdPrefix, sent.GetProperty("verificationId").GetString(), StringComparison.Ordinal);
        var masked = sent.GetProperty("phoneMasked").GetString()!;
        Assert.DoesNotContain(phone, masked, StringComparison.Ordinal);
        Assert.EndsWith(phone[^4..], masked, StringComparison.Ordinal);
        var expiresAt = sent.GetProperty("expiresAt").GetDateTimeOffset();
        var resendAfter = sent.GetProperty("resendAfter").GetDateTimeOffset();
        Assert.InRange(expiresAt - before, TimeSpan.FromMinutes(4.5), TimeSpan.FromMinutes(5.5));
        Assert.InRange(resendAfter - before, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(70));
        var inbox = await (await Api.Client.GetAsync($"/api/dev/sms?phone={phone}")).AssertOkAsync();
        var message = Assert.Single(inbox.EnumerateArray()).GetProperty("message").GetString()!;
        Assert.Matches(CodeInMessage(), message);
    }

    [Fact]
    public async Task SendCode_RegisterWithoutPhone_NamesThePhone()
    {
        await (await Api.RequestSmsAsync(new { purpose = "register" })).AssertFieldErrorAsync("phone");
    }

    [Fact]
    public async Task SendCode_WithoutPurpose_NamesThePurpose()
    {
        await (await Api.RequestSmsAsync(new { phone = TestData.Phone() })).AssertFieldErrorAsync("purpose");
    }

    [Theory]
    [InlineData("changePassword")]
    [InlineData("addPhone")]
    [InlineData("newPhone")]
    [InlineData("modifyPhone")]
    [InlineData("deletePhone")]
    [InlineData("changeUsername")]
    [InlineData("deregister")]
    public async Task SendCode_SignedInPurposeWithoutToken_IsUnauthenticatedAndSendsNothing(string purpose)
    {
        var phone = TestData.Phone();

        var response = await Api.RequestSmsAsync(new { purpose, phone });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(0, await Api.InboxCountAsync(phone));
    }

    [Fact]
    public async Task SendCode_SignedInPurpose_GoesToTheDefaultPhone()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        var elsewhere = TestData.Phone();

        await (await Api.RequestSmsAsync(new { purpose = "changePassword", phone = elsewhere }, session.AccessToken)).AssertOkAsync(HttpStatusCode.Accepted);

        Assert.Equal(0, await Api.InboxCountAsync(elsewhere));
        Assert.Equal(2, await Api.InboxCountAsync(person.Phone));
    }

    [Fact]
    public async Task SmsCode_UsedTwice_FailsTheSecondTime()
    {
        var person = await Api.RegisterAsync();
        var verificationId = await Api.SendCodeAsync(new { purpose = "resetPassword", account = person.IdNumber });
        var code = await Api.LatestCodeAsync(person.Phone);
        object Reset(string password) => new
        {
            name = person.Name,
            idType = "residentIdCard",
            idNumber = person.IdNumber,
            verification = new { verificationId, code },
            newPassword = password,
        };
        await (await Api.Client.PostAsJsonAsync("/api/auth/password/reset", Reset("Qx7$pLn4vTb!"))).AssertOkAsync(HttpStatusCode.NoContent);

        var again = await Api.Client.PostAsJsonAsync("/api/auth/password/reset", Reset("Wm3%rKd8sYc?"));

        await again.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        var login = await Api.LoginAsync(new Dictionary<string, object?> { ["mode"] = "personal", ["account"] = person.Phone, ["password"] = "Qx7$pLn4vTb!" });
        await login.AssertOkAsync();
    }

    [Fact]
    public async Task SmsCode_AfterFiveMinutes_IsExpired()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var phone = TestData.Phone();
        var (verificationId, code) = await api.RegisterCodeAsync(phone);

        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal("pending", await StatusAsync(api, verificationId));
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("expired", await StatusAsync(api, verificationId));
        await (await RegisterAsync(api, phone, verificationId, code)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Null(await api.Services.GetRequiredService<AccountDirectory>().FindAsync(phone, default));
    }

    [Fact]
    public async Task SmsCode_JustBeforeFiveMinutes_StillWorks()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var phone = TestData.Phone();
        var (verificationId, code) = await api.RegisterCodeAsync(phone);

        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        await (await RegisterAsync(api, phone, verificationId, code)).AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task SendCode_AgainWithinSixtySeconds_IsRateLimitedWithRetryAfter()
    {
        var phone = TestData.Phone();
        await Api.SendCodeAsync(new { purpose = "register", phone });

        var again = await Api.RequestSmsAsync(new { purpose = "register", phone });

        await again.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(again.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(1, await Api.InboxCountAsync(phone));
    }

    [Fact]
    public async Task SendCode_AgainAfterSixtySeconds_GetsANewVerificationIdAndCode()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var phone = TestData.Phone();
        var (verificationId, firstCode) = await api.RegisterCodeAsync(phone);
        time.Advance(TimeSpan.FromSeconds(59));
        await (await api.RequestSmsAsync(new { purpose = "register", phone })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");

        time.Advance(TimeSpan.FromSeconds(1));
        var (resentId, secondCode) = await api.RegisterCodeAsync(phone);

        Assert.NotEqual(verificationId, resentId);
        Assert.Equal(2, await api.InboxCountAsync(phone));
        if (secondCode != firstCode)
        {
            await (await RegisterAsync(api, phone, resentId, firstCode)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        }

        await (await RegisterAsync(api, phone, resentId, secondCode)).AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task SendCode_AfterTheLastCodeWasUsed_WaitsForNoCoolDown()
    {
        var person = await Api.RegisterAsync();
        var verificationId = await Api.SendCodeAsync(new { purpose = "login", account = person.Phone });
        var code = await Api.LatestCodeAsync(person.Phone);
        var login = new { mode = "personal", account = person.Phone, verification = new { verificationId, code } };
        await (await Api.Client.PostAsJsonAsync("/api/auth/login/sms", login)).AssertOkAsync();

        var again = await Api.RequestSmsAsync(new { purpose = "login", account = person.Phone });

        await again.AssertOkAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task SmsCode_SixthTryAfterFiveWrong_FailsEvenWithTheRightCode()
    {
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        for (var i = 0; i < 5; i++)
        {
            await (await RegisterAsync(Api, phone, verificationId, SignUp.WrongCode(code))).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        }

        var right = await RegisterAsync(Api, phone, verificationId, code);

        await right.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Null(await Api.Services.GetRequiredService<AccountDirectory>().FindAsync(phone, default));
        Assert.Equal("locked", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task SmsCode_FourWrongTries_StillAcceptTheRightCode()
    {
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        for (var i = 0; i < 4; i++)
        {
            await (await RegisterAsync(Api, phone, verificationId, SignUp.WrongCode(code))).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        }

        await (await RegisterAsync(Api, phone, verificationId, code)).AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task WrongTriesOfARound_SurviveAResend_AndHoldBackFurtherCodes_WhileEachCodeKeepsItsOwnTries()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var phone = TestData.Phone();
        var (verificationId, code) = await api.RegisterCodeAsync(phone);
        for (var i = 0; i < 3; i++)
        {
            await (await RegisterAsync(api, phone, verificationId, SignUp.WrongCode(code))).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        }

        time.Advance(TimeSpan.FromSeconds(61));
        var (resentId, resentCode) = await api.RegisterCodeAsync(phone);
        Assert.NotEqual(verificationId, resentId);
        for (var i = 0; i < 2; i++)
        {
            await (await RegisterAsync(api, phone, resentId, SignUp.WrongCode(resentCode))).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        }

        time.Advance(TimeSpan.FromSeconds(61));
        await (await api.RequestSmsAsync(new { purpose = "register", phone })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("pending", await StatusAsync(api, resentId));

        await (await RegisterAsync(api, phone, resentId, resentCode)).AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task SendCode_AfterFiveWrongTries_IsRefusedUntilTheCodeExpires()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var phone = TestData.Phone();
        var (verificationId, code) = await api.RegisterCodeAsync(phone);
        for (var i = 0; i < 5; i++)
        {
            await (await RegisterAsync(api, phone, verificationId, SignUp.WrongCode(code))).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        }

        time.Advance(TimeSpan.FromSeconds(61));
        await (await api.RequestSmsAsync(new { purpose = "register", phone })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");

        time.Advance(TimeSpan.FromMinutes(4));
        var (freshId, freshCode) = await api.RegisterCodeAsync(phone);

        Assert.NotEqual(verificationId, freshId);
        await (await RegisterAsync(api, phone, freshId, freshCode)).AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task SendCode_SixthAnonymousToOnePhoneInADay_IsRateLimited()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var phone = TestData.Phone();
        for (var i = 0; i < 5; i++)
        {
            await api.SendCodeAsync(new { purpose = "register", phone });
            time.Advance(TimeSpan.FromSeconds(61));
        }

        var sixth = await api.RequestSmsAsync(new { purpose = "register", phone });

        await sixth.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(sixth.Headers.Contains("Retry-After"));
        Assert.Equal(5, await api.InboxCountAsync(phone));
        time.Advance(TimeSpan.FromDays(1));
        var (verificationId, code) = await api.RegisterCodeAsync(phone);
        await (await RegisterAsync(api, phone, verificationId, code)).AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Verification_Status_IsPendingThenUsed()
    {
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        Assert.Equal("pending", await StatusAsync(Api, verificationId));

        await (await RegisterAsync(Api, phone, verificationId, code)).AssertOkAsync(HttpStatusCode.Created);

        Assert.Equal("used", await StatusAsync(Api, verificationId));
    }

    [Theory]
    [InlineData("s0196a3b1c2d37e8f9a0b1c2d3e4f5a6b")]
    [InlineData("f0196a3b1c2d37e8f9a0b1c2d3e4f5a6b")]
    [InlineData("no-such-thing")]
    public async Task Verification_UnknownId_IsNotFound(string verificationId)
    {
        var response = await Api.Client.GetAsync($"/api/verifications/{verificationId}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task SmsCode_IsNotStoredInPlain()
    {
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        var rows = await Api.RowsAsync(TableNames.SmsCodes);

        var stored = Assert.Single(rows, row => row.PartitionKey == SmsCodeEntity.KeyFor(verificationId));
        Assert.Equal("+86" + phone, stored.GetString(nameof(SmsCodeEntity.Phone)));
        Assert.False(string.IsNullOrEmpty(stored.GetString(nameof(SmsCodeEntity.CodeHash))));
        foreach (var row in rows)
        {
            foreach (var (name, value) in row)
            {
                Assert.False(string.Equals(Convert.ToString(value, CultureInfo.InvariantCulture), code, StringComparison.Ordinal), $"{name} holds the plain code");
            }
        }
    }

    [Fact]
    public async Task SendCode_StaysWithinItsStorageBudget()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);

        var anonymous = await Api.RequestSmsAsync(new { purpose = "register", phone = TestData.Phone() });
        var signedIn = await Api.RequestSmsAsync(new { purpose = "changePassword" }, session.AccessToken);
        var newPhone = await Api.RequestSmsAsync(new { purpose = "newPhone", phone = TestData.Phone() }, session.AccessToken);

        await anonymous.AssertOkAsync(HttpStatusCode.Accepted);
        await signedIn.AssertOkAsync(HttpStatusCode.Accepted);
        await newPhone.AssertOkAsync(HttpStatusCode.Accepted);
        Assert.InRange(StorageCalls(anonymous), 1, 20);
        Assert.InRange(StorageCalls(signedIn), 1, 14);
        Assert.InRange(StorageCalls(newPhone), 1, 24);
    }

    private static int StorageCalls(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues(TaxIdentity.Functions.Common.Http.HttpEndpoint.StorageCallsHeader).Single(), CultureInfo.InvariantCulture);

    /// <summary>"验证码" followed by exactly six digits.</summary>
    [GeneratedRegex(@"验证码\d{6}(?!\d)")]
    private static partial Regex CodeInMessage();
}
