using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Profile;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Verification;

/// <summary>The local host with Tencent Cloud FaceID as its face-verification provider, on the loopback FaceID stub.</summary>
public sealed class TencentCloudFaceHost : IAsyncLifetime
{
    public FaceIdStub Stub { get; private set; } = null!;

    public ApiHost Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stub = await FaceIdStub.StartAsync();
        Api = await ApiHost.StartAsync(settings =>
        {
            settings["Face:Provider"] = "TencentCloud";
            settings["Face:TencentCloud:SecretId"] = FaceIdStub.SecretId;
            settings["Face:TencentCloud:SecretKey"] = FaceIdStub.SecretKey;
            settings["Face:TencentCloud:RuleId"] = FaceIdStub.RuleId;
            settings["Face:TencentCloud:Endpoint"] = Stub.Address.ToString();
            settings["Face:TencentCloud:AttemptTimeoutSeconds"] = "1";
            settings["Face:TencentCloud:DeadlineSeconds"] = "2";
        });
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Stub.DisposeAsync();
    }
}

/// <summary>
/// B2 end to end with Tencent Cloud FaceID: the page opens a check (DetectAuth with the claimed name and ID), the
/// app runs Tencent's SDK with the BizToken and hands it back, the platform fetches the result (GetDetectInfoEnhanced)
/// and approves only a passed check naming the person; registration (A1), reset (A10) and change (F2) by face go
/// through, and a person proven by face is at real-name level 4. Every request the stub got was validly signed.
/// </summary>
public sealed class TencentCloudFaceFlowTests(TencentCloudFaceHost host) : IClassFixture<TencentCloudFaceHost>
{
    private ApiHost Api => host.Api;

    private FaceIdStub Stub => host.Stub;

    [Fact]
    public async Task Face_Start_OpensADetectAuthCheck_AndAnswersWhatTheAppOpens()
    {
        var (name, idNumber) = (SignUp.NewName(), TestData.ResidentId());

        var created = await (await Api.StartFaceAsync(new { purpose = "register", name, idType = "residentIdCard", idNumber })).AssertOkAsync(HttpStatusCode.Created);

        var verificationId = created.GetProperty("verificationId").GetString()!;
        var session = created.GetProperty("providerSession");
        var token = session.GetProperty("token").GetString()!;
        Assert.Equal("tencentCloud", session.GetProperty("provider").GetString());
        Assert.StartsWith("https://", session.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal($"etax-face://verify?id={verificationId}&provider=tencentCloud&token={token}", created.GetProperty("qrPayload").GetString());
        var detect = Assert.Single(Stub.Requests, r => r.Action == "DetectAuth" && r.Field("Extra") == verificationId);
        Assert.Equal((name, idNumber, FaceIdStub.RuleId), (detect.Field("Name"), detect.Field("IdCard"), detect.Field("RuleId")));
        Assert.Equal("pending", await Api.VerificationStatusAsync(verificationId));
        AssertEverySignatureHeld();
    }

    [Fact]
    public async Task Register_WithATencentFaceCheck_CreatesThePersonAtRealNameLevelFour()
    {
        var (name, idNumber, phone) = (SignUp.NewName(), TestData.ResidentId(), TestData.Phone());
        var faceId = await PassedAnonymousCheckAsync("register", name, idNumber);
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        await (await Api.PostRegistrationAsync(SignUp.Body(phone, verificationId, code, idNumber, name, identityProof: new { faceVerificationId = faceId })))
            .AssertOkAsync(HttpStatusCode.Created);

        var session = await Api.PersonalLoginAsync(new TestPerson(string.Empty, name, idNumber, phone, null, Accounts.Password));
        using var client = Api.WithToken(session.AccessToken);
        Assert.Equal(4, (await (await client.GetAsync("/api/me")).AssertOkAsync()).GetProperty("realNameLevel").GetInt32());
        Assert.Equal("used", await Api.VerificationStatusAsync(faceId));
        AssertEverySignatureHeld();
    }

    [Fact]
    public async Task ResetPassword_WithATencentFaceCheck_ReplacesThePassword()
    {
        var person = await Api.RegisterAsync();
        var faceId = await PassedAnonymousCheckAsync("resetPassword", person.Name, person.IdNumber);

        await (await Api.Client.PostAsJsonAsync("/api/auth/password/reset", new
        {
            name = person.Name,
            idType = "residentIdCard",
            idNumber = person.IdNumber,
            verification = new { verificationId = faceId },
            newPassword = ProfileKit.NewPassword,
        })).AssertOkAsync(HttpStatusCode.NoContent);

        await Api.PersonalLoginAsync(person, ProfileKit.NewPassword);
    }

    [Fact]
    public async Task ChangePassword_WithATencentFaceCheck_ChangesIt_AndRaisesThePersonToLevelFour()
    {
        var me = await Api.SignedInAsync();
        Assert.Equal(1, (await (await Api.GetMeAsync(me)).AssertOkAsync()).GetProperty("realNameLevel").GetInt32());
        var created = await (await Api.StartFaceAsync(new { purpose = "changePassword" }, me.Session.AccessToken)).AssertOkAsync(HttpStatusCode.Created);
        var (verificationId, token) = Ids(created);
        Stub.Complete(token, FaceIdOutcome.Passed);

        await (await Api.ApproveFaceAsync(verificationId, token, me.Session.AccessToken)).AssertOkAsync(HttpStatusCode.NoContent);
        await (await Api.ChangePasswordAsync(me, new { method = "face", verification = new { verificationId }, newPassword = ProfileKit.NewPassword }))
            .AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal(4, (await (await Api.GetMeAsync(me)).AssertOkAsync()).GetProperty("realNameLevel").GetInt32());
        await Api.PersonalLoginAsync(me.Person, ProfileKit.NewPassword);
    }

    [Theory]
    [InlineData(FaceIdOutcome.LivenessFailed)]
    [InlineData(FaceIdOutcome.ComparisonFailed)]
    [InlineData(FaceIdOutcome.NotFinished)]
    public async Task Approve_CheckThatDidNotSucceed_FailsVerificationAndStaysPending(FaceIdOutcome outcome)
    {
        var (verificationId, token) = await StartAnonymousAsync("register", SignUp.NewName(), TestData.ResidentId());
        Stub.Complete(token, outcome);

        await (await Api.ApproveFaceAsync(verificationId, token)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");

        Assert.Equal("pending", await Api.VerificationStatusAsync(verificationId));
    }

    [Fact]
    public async Task Approve_ResultNamingAnotherPerson_FailsVerification()
    {
        var (verificationId, token) = await StartAnonymousAsync("register", SignUp.NewName(), TestData.ResidentId());
        Stub.Complete(token, FaceIdOutcome.Passed, ("卓玛", TestData.ResidentId()));

        await (await Api.ApproveFaceAsync(verificationId, token)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");

        Assert.Equal("pending", await Api.VerificationStatusAsync(verificationId));
    }

    [Fact]
    public async Task Approve_WithTheTokenOfAnotherCheck_FailsWithoutAskingFaceId()
    {
        var name = SignUp.NewName();
        var idNumber = TestData.ResidentId();
        var (mine, _) = await StartAnonymousAsync("register", name, idNumber);
        var (_, othersToken) = await StartAnonymousAsync("register", name, idNumber);
        Stub.Complete(othersToken, FaceIdOutcome.Passed);
        var asked = Stub.Requests.Count(r => r.Action == "GetDetectInfoEnhanced");

        await (await Api.ApproveFaceAsync(mine, othersToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");

        Assert.Equal(asked, Stub.Requests.Count(r => r.Action == "GetDetectInfoEnhanced"));
        Assert.Equal("pending", await Api.VerificationStatusAsync(mine));
    }

    [Fact]
    public async Task Start_ForAPassport_IsRefusedOnIdType()
    {
        var response = await Api.StartFaceAsync(new { purpose = "register", name = "John Smith", idType = "passport", idNumber = "E12345678" });

        await response.AssertFieldErrorAsync("idType");
    }

    [Fact]
    public async Task Start_FaceIdDown_AnswersUnavailableWithRetryAfter_AndStoresNothing()
    {
        var idNumber = TestData.ResidentId();
        var before = (await Api.RowsAsync(TableNames.FaceVerifications)).Count;
        Stub.Fallback = FaceIdScripted.Hanging();
        try
        {
            var response = await Api.StartFaceAsync(new { purpose = "register", name = SignUp.NewName(), idType = "residentIdCard", idNumber });

            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal(before, (await Api.RowsAsync(TableNames.FaceVerifications)).Count);
        }
        finally
        {
            Stub.Fallback = null;
        }
    }

    [Fact]
    public async Task Approve_FaceIdThrottling_AnswersUnavailable_ThenApprovesOnceItAnswers()
    {
        var (verificationId, token) = await StartAnonymousAsync("register", SignUp.NewName(), TestData.ResidentId());
        Stub.Complete(token, FaceIdOutcome.Passed);
        Stub.Fallback = FaceIdScripted.Throttled();
        try
        {
            var response = await Api.ApproveFaceAsync(verificationId, token);

            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal("pending", await Api.VerificationStatusAsync(verificationId));
        }
        finally
        {
            Stub.Fallback = null;
        }

        await (await Api.ApproveFaceAsync(verificationId, token)).AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Equal("approved", await Api.VerificationStatusAsync(verificationId));
    }

    [Fact]
    public async Task StorageCalls_OfOpeningAndApprovingChecks_StayWithinTheirBudget()
    {
        // Anonymous: the client throttle 2 and the check 1; approving reads and writes the check. (One check first, so
        // that the tables exist: their creation is counted once per host.)
        var (name, idNumber) = (SignUp.NewName(), TestData.ResidentId());
        await StartAnonymousAsync("register", name, idNumber);
        var opened = await Api.StartFaceAsync(new { purpose = "register", name, idType = "residentIdCard", idNumber });
        var (verificationId, token) = Ids(await opened.AssertOkAsync(HttpStatusCode.Created));
        Stub.Complete(token, FaceIdOutcome.Passed);
        var approved = await Api.ApproveFaceAsync(verificationId, token);
        Assert.Equal((3, 2), (CallsOf(opened), CallsOf(approved)));

        // Signed in: authentication 2 first; the first approval also raises the person to level 4 (one write), later ones don't.
        var me = await Api.SignedInAsync();
        var calls = new List<int>();
        for (var round = 0; round < 2; round++)
        {
            var own = await Api.StartFaceAsync(new { purpose = "changePassword" }, me.Session.AccessToken);
            var (ownId, ownToken) = Ids(await own.AssertOkAsync(HttpStatusCode.Created));
            Stub.Complete(ownToken, FaceIdOutcome.Passed);
            var ownApproved = await Api.ApproveFaceAsync(ownId, ownToken, me.Session.AccessToken);
            await ownApproved.AssertOkAsync(HttpStatusCode.NoContent);
            calls.AddRange([CallsOf(own), CallsOf(ownApproved)]);
        }

        Assert.Equal([3, 5, 3, 4], calls);
    }

    [Fact]
    public async Task Catalogue_OffersFaceChecks_ByTencentCloud_ForResidentIdCards()
    {
        var methods = await (await Api.Client.GetAsync("/api/catalog/verification-methods")).AssertOkAsync();

        var face = methods.GetProperty("face");
        Assert.True(face.GetProperty("offered").GetBoolean());
        Assert.Equal("tencentCloud", face.GetProperty("provider").GetString());
        Assert.Equal(["residentIdCard"], face.GetProperty("idTypes").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task DevelopmentFaceRoute_IsAbsent_WithTencentCloud()
    {
        var response = await Api.Client.PostAsJsonAsync("/api/dev/face/f01JNOSUCHCHECK", new { name = "扎西", idType = "residentIdCard", idNumber = TestData.ResidentId(), passed = true });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private async Task<(string VerificationId, string Token)> StartAnonymousAsync(string purpose, string name, string idNumber) =>
        Ids(await (await Api.StartFaceAsync(new { purpose, name, idType = "residentIdCard", idNumber })).AssertOkAsync(HttpStatusCode.Created));

    /// <summary>An anonymous check the person passes in Tencent's SDK and the app approves; returns its verification ID.</summary>
    private async Task<string> PassedAnonymousCheckAsync(string purpose, string name, string idNumber)
    {
        var (verificationId, token) = await StartAnonymousAsync(purpose, name, idNumber);
        Stub.Complete(token, FaceIdOutcome.Passed);
        await (await Api.ApproveFaceAsync(verificationId, token)).AssertOkAsync(HttpStatusCode.NoContent);
        return verificationId;
    }

    private static int CallsOf(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues(Functions.Common.Http.HttpEndpoint.StorageCallsHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);

    private static (string VerificationId, string Token) Ids(JsonElement created) =>
        (created.GetProperty("verificationId").GetString()!, created.GetProperty("providerSession").GetProperty("token").GetString()!);

    private void AssertEverySignatureHeld() => Assert.All(Stub.Requests, request => Assert.True(request.SignatureValid, $"{request.Action} was not validly signed."));
}
