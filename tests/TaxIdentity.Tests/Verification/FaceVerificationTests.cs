using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Verification;

/// <summary>
/// B2: face checks — shown as a QR code, performed by the mobile app with the face-verification provider, and
/// approved only on the provider's own result (checked server-side) naming the person the check is for.
/// </summary>
public sealed class FaceVerificationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static async Task<(string AccessToken, string VerificationId, TestPerson Person)> StartCheckAsync(ApiHost api)
    {
        var person = await api.RegisterAsync();
        var session = await api.PersonalLoginAsync(person);
        var verificationId = await api.StartFaceIdAsync(new { purpose = "changePassword" }, session.AccessToken);
        return (session.AccessToken, verificationId, person);
    }

    private static Task<string> StatusAsync(ApiHost api, string verificationId) => api.VerificationStatusAsync(verificationId);

    /// <summary>The app approves with the provider's token for a check that saw the person.</summary>
    private static async Task<HttpResponseMessage> ApproveAsync(ApiHost api, string accessToken, string verificationId, TestPerson person) =>
        await api.ApproveFaceAsync(verificationId, await api.ProviderTokenAsync(verificationId, person.Name, person.IdNumber), accessToken);

    [Fact]
    public async Task Face_Create_AnswersQrPayloadAndIsPending()
    {
        var session = await Api.PersonalLoginAsync(await Api.RegisterAsync());
        using var client = Api.WithToken(session.AccessToken);
        var before = DateTimeOffset.UtcNow;

        var created = await (await client.PostAsJsonAsync("/api/verifications/face", new { purpose = "changePassword" })).AssertOkAsync(HttpStatusCode.Created);

        var verificationId = created.GetProperty("verificationId").GetString()!;
        Assert.Contains(verificationId, created.GetProperty("qrPayload").GetString(), StringComparison.Ordinal);
        Assert.InRange(created.GetProperty("expiresAt").GetDateTimeOffset() - before, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6));
        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_CreateWithoutSignIn_IsUnauthenticated()
    {
        var response = await Api.Client.PostAsJsonAsync("/api/verifications/face", new { purpose = "changePassword" });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Face_CreateWithoutPurpose_NamesThePurpose()
    {
        var session = await Api.PersonalLoginAsync(await Api.RegisterAsync());
        using var client = Api.WithToken(session.AccessToken);

        await (await client.PostAsJsonAsync("/api/verifications/face", new { })).AssertFieldErrorAsync("purpose");
    }

    [Fact]
    public async Task Face_ApprovedWithTheProvidersResultForThePerson_IsApproved()
    {
        var (accessToken, verificationId, person) = await StartCheckAsync(Api);

        await (await ApproveAsync(Api, accessToken, verificationId, person)).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal("approved", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ResultNamingAnotherPerson_FailsVerificationAndStaysPending()
    {
        var (accessToken, verificationId, _) = await StartCheckAsync(Api);
        var other = await Api.RegisterAsync();
        var token = await Api.ProviderTokenAsync(verificationId, other.Name, other.IdNumber);

        var response = await Api.ApproveFaceAsync(verificationId, token, accessToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("idNumber")]
    [InlineData("idType")]
    public async Task Face_ResultDifferingInOnePart_FailsVerification(string part)
    {
        var (accessToken, verificationId, person) = await StartCheckAsync(Api);
        var name = part == "name" ? person.Name + "甲" : person.Name;
        var idNumber = part == "idNumber" ? TestData.ResidentId() : person.IdNumber;
        var token = await Api.ProviderTokenAsync(verificationId, name, part == "idType" ? "E12345678" : idNumber, idType: part == "idType" ? "passport" : "residentIdCard");

        var response = await Api.ApproveFaceAsync(verificationId, token, accessToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ResultThatDidNotPass_FailsVerification()
    {
        var (accessToken, verificationId, person) = await StartCheckAsync(Api);
        var token = await Api.ProviderTokenAsync(verificationId, person.Name, person.IdNumber, passed: false);

        await (await Api.ApproveFaceAsync(verificationId, token, accessToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");

        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ResultOfAnotherCheck_FailsVerification()
    {
        var (accessToken, verificationId, person) = await StartCheckAsync(Api);
        var otherCheck = await Api.StartFaceIdAsync(new { purpose = "changePassword" }, accessToken);
        var token = await Api.ProviderTokenAsync(otherCheck, person.Name, person.IdNumber);

        await (await Api.ApproveFaceAsync(verificationId, token, accessToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");

        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token-the-provider-made")]
    public async Task Face_ApprovedWithoutAProviderToken_IsRefused(string? token)
    {
        var (accessToken, verificationId, _) = await StartCheckAsync(Api);

        var response = await Api.ApproveFaceAsync(verificationId, token, accessToken);

        if (token is null)
        {
            await response.AssertFieldErrorAsync("providerToken");
        }
        else
        {
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        }

        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ApprovedByAnotherPersonsApp_IsNotFoundAndStaysPending()
    {
        var (_, verificationId, person) = await StartCheckAsync(Api);
        var stranger = await Api.PersonalLoginAsync(await Api.RegisterAsync());

        var response = await ApproveAsync(Api, stranger.AccessToken, verificationId, person);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ApprovedWithoutAppKey_IsUnauthenticatedAndStaysPending()
    {
        var (accessToken, verificationId, person) = await StartCheckAsync(Api);
        var token = await Api.ProviderTokenAsync(verificationId, person.Name, person.IdNumber);
        using var withoutKey = Api.WithToken(accessToken);

        var response = await withoutKey.PostAsJsonAsync($"/api/app/verifications/{verificationId}/approve", new { providerToken = token });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ApprovedWithWrongAppKey_IsUnauthenticated()
    {
        var (accessToken, verificationId, person) = await StartCheckAsync(Api);
        var token = await Api.ProviderTokenAsync(verificationId, person.Name, person.IdNumber);
        using var client = Api.WithToken(accessToken);
        client.DefaultRequestHeaders.Add("X-App-Key", ApiHost.AppKey + "x");

        var response = await client.PostAsJsonAsync($"/api/app/verifications/{verificationId}/approve", new { providerToken = token });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_SignedInCheckApprovedWithoutThePersonsToken_IsUnauthenticated()
    {
        var (_, verificationId, person) = await StartCheckAsync(Api);
        var token = await Api.ProviderTokenAsync(verificationId, person.Name, person.IdNumber);

        var response = await Api.ApproveFaceAsync(verificationId, token);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ApprovedTwice_IsConflict()
    {
        var (accessToken, verificationId, person) = await StartCheckAsync(Api);
        await (await ApproveAsync(Api, accessToken, verificationId, person)).AssertOkAsync(HttpStatusCode.NoContent);

        var again = await ApproveAsync(Api, accessToken, verificationId, person);

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("approved", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ApproveUnknown_IsNotFound()
    {
        var session = await Api.PersonalLoginAsync(await Api.RegisterAsync());

        var response = await Api.ApproveFaceAsync("f0196a3b1c2d37e8f9a0b1c2d3e4f5a6b", "token", session.AccessToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Face_AfterExpiry_IsExpiredAndCannotBeApproved()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var (accessToken, verificationId, person) = await StartCheckAsync(api);
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal("pending", await StatusAsync(api, verificationId));

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("expired", await StatusAsync(api, verificationId));
        await (await ApproveAsync(api, accessToken, verificationId, person)).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("expired", await StatusAsync(api, verificationId));
    }

    [Theory]
    [InlineData("register")]
    [InlineData("resetPassword")]
    public async Task Face_AnonymousCheckForTheClaimedPerson_IsApprovedByTheAppWithoutSignIn(string purpose)
    {
        var name = SignUp.NewName();
        var idNumber = TestData.ResidentId();
        var created = await (await Api.StartFaceAsync(new { purpose, name, idType = "residentIdCard", idNumber })).AssertOkAsync(HttpStatusCode.Created);
        var verificationId = created.GetProperty("verificationId").GetString()!;
        Assert.Contains(verificationId, created.GetProperty("qrPayload").GetString(), StringComparison.Ordinal);
        var token = await Api.ProviderTokenAsync(verificationId, name, idNumber);

        await (await Api.ApproveFaceAsync(verificationId, token)).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal("approved", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_AnonymousCheckWithAResultNamingAnotherPerson_FailsVerification()
    {
        var name = SignUp.NewName();
        var verificationId = await Api.StartFaceIdAsync(new { purpose = "register", name, idType = "residentIdCard", idNumber = TestData.ResidentId() });
        var token = await Api.ProviderTokenAsync(verificationId, name, TestData.ResidentId());

        await (await Api.ApproveFaceAsync(verificationId, token)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");

        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("idType")]
    [InlineData("idNumber")]
    public async Task Face_AnonymousCheckWithoutTheClaimedPerson_NamesTheField(string field)
    {
        var body = new Dictionary<string, object?> { ["purpose"] = "register", ["name"] = "央金", ["idType"] = "residentIdCard", ["idNumber"] = TestData.ResidentId() };
        body.Remove(field);

        await (await Api.StartFaceAsync(body)).AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task Face_WithoutAProvider_IsNotFound()
    {
        await using var api = await ApiHost.StartAsync(settings => settings["Face:Provider"] = "None");

        var create = await api.StartFaceAsync(new { purpose = "register", name = "央金", idType = "residentIdCard", idNumber = TestData.ResidentId() });
        var devResult = await api.Client.PostAsJsonAsync("/api/dev/face/f0123456789abcdef", new { name = "央金", idType = "residentIdCard", idNumber = TestData.ResidentId(), passed = true });

        await create.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await devResult.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var face = (await (await api.Client.GetAsync("/api/catalog/verification-methods")).AssertOkAsync()).GetProperty("face");
        Assert.False(face.GetProperty("offered").GetBoolean());
        Assert.Equal("none", face.GetProperty("provider").GetString());
        Assert.Empty(face.GetProperty("idTypes").EnumerateArray());
    }

    [Fact]
    public async Task TencentCloudFaceProvider_WithoutItsKey_StopsStartUp_NamingTheSettings()
    {
        await using var app = await ApiHost.BuildAsync(settings =>
        {
            settings["Face:Provider"] = "TencentCloud";
            settings["Face:TencentCloud:SecretKey"] = "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/tencent-faceid-secret-key/)";
        });

        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Face__TencentCloud__SecretId", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Face__TencentCloud__SecretKey", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Face__TencentCloud__RuleId", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-x", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentFaceProvider_OutsideDevelopment_StopsStartUp()
    {
        await using var app = await ApiHost.BuildAsync(
            settings =>
            {
                settings["Tokens:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                settings["Tokens:HashingKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                settings["Sms:Provider"] = "Acs";
                settings["Sms:ConnectionString"] = "endpoint=https://example.communication.azure.com/;accesskey=" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                settings["Sms:From"] = "+18005550100";
                settings["Face:Provider"] = "Development";
            },
            environment: Microsoft.Extensions.Hosting.Environments.Production);

        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Face:Provider", failure.Message, StringComparison.Ordinal);
    }
}
