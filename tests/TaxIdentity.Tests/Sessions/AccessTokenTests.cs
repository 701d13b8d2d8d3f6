using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Sessions;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Sessions;

/// <summary>A11: only a live, correctly signed access token of a live session is accepted.</summary>
public sealed class AccessTokenTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string Audience = "tax-identity-api";

    private ApiHost Api => fixture.Host;

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")]
    [InlineData("a.b.c")]
    public async Task GarbageBearerToken_IsUnauthenticated(string token)
    {
        var response = await Api.GetWithTokenAsync(token, "/api/me/identities");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task MissingBearerToken_IsUnauthenticated()
    {
        var response = await Api.Client.GetAsync("/api/me/identities");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task TokenSignedWithAnotherKey_IsUnauthenticated_EvenOnTheSameStorage()
    {
        var prefix = Api.Services.GetRequiredService<IOptions<TableOptions>>().Value.Prefix;
        await using var other = await ApiHost.StartAsync(settings =>
        {
            settings["Tables:Prefix"] = prefix;
            settings["Tokens:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        });
        var person = await Api.RegisterAsync();
        var here = await Api.PersonalLoginAsync(person);
        var there = await other.PersonalLoginAsync(person);

        await (await other.GetWithTokenAsync(there.AccessToken, "/api/me/identities")).AssertOkAsync();
        await (await Api.GetWithTokenAsync(here.AccessToken, "/api/me/identities")).AssertOkAsync();
        await (await other.GetWithTokenAsync(here.AccessToken, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await Api.GetWithTokenAsync(there.AccessToken, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("valid", HttpStatusCode.OK)]
    [InlineData("wrongAudience", HttpStatusCode.Unauthorized)]
    [InlineData("wrongIssuer", HttpStatusCode.Unauthorized)]
    [InlineData("expired", HttpStatusCode.Unauthorized)]
    [InlineData("notYetValid", HttpStatusCode.Unauthorized)]
    [InlineData("noExpiry", HttpStatusCode.Unauthorized)]
    [InlineData("anotherPersonsSession", HttpStatusCode.Unauthorized)]
    [InlineData("unknownSession", HttpStatusCode.Unauthorized)]
    [InlineData("noKeyId", HttpStatusCode.Unauthorized)]
    public async Task TokenWithTheServersKey_IsAcceptedOnlyWhenEveryClaimIsRight(string flaw, HttpStatusCode expected)
    {
        var person = await Api.RegisterAsync();
        var other = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        var otherSession = await Api.PersonalLoginAsync(other);
        var now = DateTime.UtcNow;
        var issuer = Api.Services.GetRequiredService<IOptions<TokenOptions>>().Value.Issuer;
        var key = Api.Services.GetRequiredService<SigningKeys>().Current;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = flaw == "wrongIssuer" ? "someone-else" : issuer,
            Audience = flaw == "wrongAudience" ? "another-api" : Audience,
            IssuedAt = now,
            NotBefore = flaw == "notYetValid" ? now.AddMinutes(10) : now.AddMinutes(-1),
            Expires = flaw switch
            {
                "expired" => now.AddMinutes(-5),
                "notYetValid" => now.AddMinutes(20),
                "noExpiry" => null,
                _ => now.AddMinutes(5),
            },
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", person.PersonId),
                new Claim("sid", flaw switch
                {
                    "anotherPersonsSession" => SignInKit.SessionIdOf(otherSession.RefreshToken),
                    "unknownSession" => Guid.NewGuid().ToString("N"),
                    _ => SignInKit.SessionIdOf(session.RefreshToken),
                }),
            ]),
            SigningCredentials = new SigningCredentials(flaw == "noKeyId" ? new SymmetricSecurityKey(key.Key) : key, SecurityAlgorithms.HmacSha256),
        };
        if (flaw == "expired")
        {
            descriptor.IssuedAt = descriptor.NotBefore = now.AddMinutes(-20);
        }

        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);

        var response = await Api.GetWithTokenAsync(token, "/api/me/identities");

        if (expected == HttpStatusCode.OK)
        {
            await response.AssertOkAsync();
        }
        else
        {
            await response.AssertProblemAsync(expected, "unauthenticated");
        }
    }

    [Fact]
    public async Task UnsignedToken_WithRealClaims_IsUnauthenticated()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = Api.Services.GetRequiredService<IOptions<TokenOptions>>().Value.Issuer,
            ["aud"] = Audience,
            ["sub"] = person.PersonId,
            ["sid"] = SignInKit.SessionIdOf(session.RefreshToken),
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
        });
        var token = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Base64Url(payload) + ".";

        var response = await Api.GetWithTokenAsync(token, "/api/me/identities");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task TokenWithAnEditedPayload_IsUnauthenticated()
    {
        var person = await Api.RegisterAsync();
        var other = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        var parts = session.AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace(person.PersonId, other.PersonId, StringComparison.Ordinal);
        var edited = parts[0] + "." + Base64Url(payload) + "." + parts[2];

        var response = await Api.GetWithTokenAsync(edited, "/api/me/identities");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await Api.GetWithTokenAsync(session.AccessToken, "/api/me/identities")).AssertOkAsync();
    }

    [Fact]
    public async Task AccessToken_ExpiresAfterItsLifetime_WhileRefreshStillWorks()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings => settings["Tokens:AccessTokenMinutes"] = "1");
        var person = await api.RegisterAsync();
        var session = await api.PersonalLoginAsync(person);
        Assert.Equal(60, session.Body.GetProperty("expiresIn").GetInt32());

        clock.Advance(TimeSpan.FromSeconds(50));
        await (await api.GetWithTokenAsync(session.AccessToken, "/api/me/identities")).AssertOkAsync();
        clock.Advance(TimeSpan.FromMinutes(1));
        await (await api.GetWithTokenAsync(session.AccessToken, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");

        var refreshed = Accounts.ToSession(await (await api.RefreshAsync(session.RefreshToken)).AssertOkAsync());
        await (await api.GetWithTokenAsync(refreshed.AccessToken, "/api/me/identities")).AssertOkAsync();
    }

    [Fact]
    public async Task Session_EndsAfterItsHours_HoweverOftenItIsRefreshed()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings => settings["Tokens:SessionHours"] = "1");
        var person = await api.RegisterAsync();
        var session = await api.PersonalLoginAsync(person);

        // Refreshed within the idle limit each time, so only the session's hours can end it.
        clock.Advance(TimeSpan.FromMinutes(25));
        var refreshed = Accounts.ToSession(await (await api.RefreshAsync(session.RefreshToken)).AssertOkAsync());
        clock.Advance(TimeSpan.FromMinutes(25));
        refreshed = Accounts.ToSession(await (await api.RefreshAsync(refreshed.RefreshToken)).AssertOkAsync());
        clock.Advance(TimeSpan.FromMinutes(10));

        await (await api.RefreshAsync(refreshed.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await api.GetWithTokenAsync(refreshed.AccessToken, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    private static string Base64Url(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));
}
