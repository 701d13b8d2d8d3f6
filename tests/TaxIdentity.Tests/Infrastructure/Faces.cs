using System.Net;
using System.Net.Http.Json;

namespace TaxIdentity.Tests.Infrastructure;

/// <summary>
/// Face checks (B2) through HTTP: the page starts one, the development face provider produces its result for the
/// person it "saw", and the app hands the provider's token to the platform.
/// </summary>
public static class Faces
{
    /// <summary>POST /api/verifications/face, signed in when <paramref name="accessToken"/> is given.</summary>
    public static async Task<HttpResponseMessage> StartFaceAsync(this ApiHost api, object body, string? accessToken = null)
    {
        using var client = accessToken is null ? api.NewClient() : api.WithToken(accessToken);
        return await client.PostAsJsonAsync("/api/verifications/face", body);
    }

    /// <summary>Starts a face check and returns its verification ID.</summary>
    public static async Task<string> StartFaceIdAsync(this ApiHost api, object body, string? accessToken = null) =>
        (await (await api.StartFaceAsync(body, accessToken)).AssertOkAsync(HttpStatusCode.Created)).GetProperty("verificationId").GetString()!;

    /// <summary>The development provider's result for the check: the person it saw and whether the check passed; returns the provider token.</summary>
    public static async Task<string> ProviderTokenAsync(this ApiHost api, string verificationId, string name, string idNumber, bool passed = true, string idType = "residentIdCard")
    {
        var result = await (await api.Client.PostAsJsonAsync($"/api/dev/face/{verificationId}", new { name, idType, idNumber, passed })).AssertOkAsync();
        return result.GetProperty("providerToken").GetString()!;
    }

    /// <summary>The app hands the provider token to the platform (X-App-Key, plus the person's token when given).</summary>
    public static async Task<HttpResponseMessage> ApproveFaceAsync(this ApiHost api, string verificationId, string? providerToken, string? accessToken = null)
    {
        using var client = accessToken is null ? api.NewClient() : api.WithToken(accessToken);
        client.DefaultRequestHeaders.Add("X-App-Key", ApiHost.AppKey);
        return await client.PostAsJsonAsync($"/api/app/verifications/{verificationId}/approve", new { providerToken });
    }

    /// <summary>An anonymous face check (register, resetPassword) for the claimed person, passed by the provider for that person and approved.</summary>
    public static async Task<string> ApprovedFaceAsync(this ApiHost api, string purpose, string name, string idNumber)
    {
        var verificationId = await api.StartFaceIdAsync(new { purpose, name, idType = "residentIdCard", idNumber });
        var token = await api.ProviderTokenAsync(verificationId, name, idNumber);
        await (await api.ApproveFaceAsync(verificationId, token)).AssertOkAsync(HttpStatusCode.NoContent);
        return verificationId;
    }

    /// <summary>GET /api/verifications/{verificationId}: the status.</summary>
    public static async Task<string> VerificationStatusAsync(this ApiHost api, string verificationId) =>
        (await (await api.Client.GetAsync($"/api/verifications/{verificationId}")).AssertOkAsync()).GetProperty("status").GetString()!;
}
