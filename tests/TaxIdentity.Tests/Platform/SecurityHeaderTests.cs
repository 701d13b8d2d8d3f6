using System.Net;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Platform;

/// <summary>Every answer tells browsers not to sniff its type and not to run, load or frame anything from it.</summary>
public sealed class SecurityHeaderTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Success_CarriesTheSecurityHeaders()
    {
        var response = await Api.Client.GetAsync("/api/catalog/identity-types");

        await response.AssertOkAsync();
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task NoContent_CarriesTheSecurityHeaders()
    {
        var session = await Api.PersonalLoginAsync(await Api.RegisterAsync());
        using var client = Api.WithToken(session.AccessToken);

        var response = await client.PostAsync("/api/auth/logout", null);

        await response.AssertOkAsync(HttpStatusCode.NoContent);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Problem_CarriesTheSecurityHeaders()
    {
        var response = await Api.Client.GetAsync("/api/me/identities");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task NotFoundFromAKnownFunction_CarriesTheSecurityHeaders()
    {
        var response = await Api.Operator.GetAsync($"/api/operator/enterprises/{TestData.CreditCode()}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task ValidationProblem_CarriesTheSecurityHeaders()
    {
        var response = await Api.Client.SendRawAsync(HttpMethod.Post, "/api/auth/refresh", "{\"refreshToken\":");

        await response.AssertFieldErrorAsync("body");
        AssertSecurityHeaders(response);
    }
}
