using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Verification;

/// <summary>B2: face checks — started signed in, shown as a QR code, approved by the same person's mobile app.</summary>
public sealed class FaceVerificationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static async Task<(string AccessToken, string VerificationId)> StartCheckAsync(ApiHost api)
    {
        var session = await api.PersonalLoginAsync(await api.RegisterAsync());
        using var client = api.WithToken(session.AccessToken);
        var created = await (await client.PostAsJsonAsync("/api/verifications/face", new { purpose = "changePassword" })).AssertOkAsync(HttpStatusCode.Created);
        return (session.AccessToken, created.GetProperty("verificationId").GetString()!);
    }

    private static async Task<string> StatusAsync(ApiHost api, string verificationId) =>
        (await (await api.Client.GetAsync($"/api/verifications/{verificationId}")).AssertOkAsync()).GetProperty("status").GetString()!;

    private static async Task<HttpResponseMessage> ApproveAsync(ApiHost api, string accessToken, string verificationId)
    {
        using var app = api.AppClient(accessToken);
        return await app.PostAsync($"/api/app/verifications/{verificationId}/approve", null);
    }

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
    public async Task Face_ApprovedInTheAppBySamePerson_IsApproved()
    {
        var (accessToken, verificationId) = await StartCheckAsync(Api);

        await (await ApproveAsync(Api, accessToken, verificationId)).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal("approved", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ApprovedByAnotherPerson_IsNotFoundAndStaysPending()
    {
        var (_, verificationId) = await StartCheckAsync(Api);
        var stranger = await Api.PersonalLoginAsync(await Api.RegisterAsync());

        var response = await ApproveAsync(Api, stranger.AccessToken, verificationId);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ApprovedWithoutAppKey_IsUnauthenticatedAndStaysPending()
    {
        var (accessToken, verificationId) = await StartCheckAsync(Api);
        using var withoutKey = Api.WithToken(accessToken);

        var response = await withoutKey.PostAsync($"/api/app/verifications/{verificationId}/approve", null);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ApprovedWithWrongAppKey_IsUnauthenticated()
    {
        var (accessToken, verificationId) = await StartCheckAsync(Api);
        using var client = Api.WithToken(accessToken);
        client.DefaultRequestHeaders.Add("X-App-Key", ApiHost.AppKey + "x");

        var response = await client.PostAsync($"/api/app/verifications/{verificationId}/approve", null);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ApprovedWithAppKeyButNoToken_IsUnauthenticated()
    {
        var (_, verificationId) = await StartCheckAsync(Api);
        using var client = Api.NewClient();
        client.DefaultRequestHeaders.Add("X-App-Key", ApiHost.AppKey);

        var response = await client.PostAsync($"/api/app/verifications/{verificationId}/approve", null);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("pending", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ApprovedTwice_IsConflict()
    {
        var (accessToken, verificationId) = await StartCheckAsync(Api);
        await (await ApproveAsync(Api, accessToken, verificationId)).AssertOkAsync(HttpStatusCode.NoContent);

        var again = await ApproveAsync(Api, accessToken, verificationId);

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("approved", await StatusAsync(Api, verificationId));
    }

    [Fact]
    public async Task Face_ApproveUnknown_IsNotFound()
    {
        var session = await Api.PersonalLoginAsync(await Api.RegisterAsync());

        var response = await ApproveAsync(Api, session.AccessToken, "f0196a3b1c2d37e8f9a0b1c2d3e4f5a6b");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Face_AfterExpiry_IsExpiredAndCannotBeApproved()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await SignUp.StartAsync(time);
        var (accessToken, verificationId) = await StartCheckAsync(api);
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal("pending", await StatusAsync(api, verificationId));

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("expired", await StatusAsync(api, verificationId));
        await (await ApproveAsync(api, accessToken, verificationId)).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("expired", await StatusAsync(api, verificationId));
    }
}
