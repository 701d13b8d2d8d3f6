using System.Net;
using System.Net.Http.Json;
using TaxIdentity.Core.Sessions;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Sessions;

/// <summary>A11: rotating refresh tokens, reuse detection and logout.</summary>
public sealed class RefreshTokenTests(ClockedApiFixture fixture) : IClassFixture<ClockedApiFixture>
{
    private ApiHost Api => fixture.Host;

    /// <summary>Moves past the window in which a just-spent token counts as a concurrent request rather than reuse.</summary>
    private void PassConcurrencyGrace() => fixture.Clock.Advance(SessionService.ConcurrentRefreshGrace + TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Refresh_HandsOutNewAccessAndRefreshTokens_ForTheSameSession()
    {
        var person = await Api.RegisterAsync();
        var (creditCode, enterpriseId) = await Api.EnterpriseOfAsync(person);
        var session = await Api.EnterpriseLoginAsync(person, creditCode);

        var refreshed = Accounts.ToSession(await (await Api.RefreshAsync(session.RefreshToken)).AssertOkAsync());

        Assert.NotEqual(session.RefreshToken, refreshed.RefreshToken);
        Assert.NotEqual(session.AccessToken, refreshed.AccessToken);
        Assert.Equal(SignInKit.SessionIdOf(session.RefreshToken), SignInKit.SessionIdOf(refreshed.RefreshToken));
        Assert.Equal(enterpriseId, refreshed.Body.GetProperty("current").GetProperty("enterpriseId").GetString());
        await (await Api.GetWithTokenAsync(refreshed.AccessToken, "/api/me/identities")).AssertOkAsync();
        await (await Api.RefreshAsync(refreshed.RefreshToken)).AssertOkAsync();
    }

    [Fact]
    public async Task SpentRefreshToken_IsRefused_AndRevokesTheWholeSession()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        var refreshed = Accounts.ToSession(await (await Api.RefreshAsync(session.RefreshToken)).AssertOkAsync());
        PassConcurrencyGrace();

        var reused = await Api.RefreshAsync(session.RefreshToken);

        await reused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        var stored = await Api.StoredSessionAsync(session);
        Assert.True(stored.Revoked);
        await (await Api.RefreshAsync(refreshed.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await Api.GetWithTokenAsync(refreshed.AccessToken, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await Api.GetWithTokenAsync(session.AccessToken, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task RefreshTokenSpentSeveralRotationsAgo_AlsoRevokesTheWholeSession()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        var latest = session;
        for (var rotation = 0; rotation < 3; rotation++)
        {
            latest = Accounts.ToSession(await (await Api.RefreshAsync(latest.RefreshToken)).AssertOkAsync());
        }

        var reused = await Api.RefreshAsync(session.RefreshToken);

        await reused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.True((await Api.StoredSessionAsync(session)).Revoked);
        await (await Api.RefreshAsync(latest.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await Api.GetWithTokenAsync(latest.AccessToken, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task RefreshTokenSpentBeforeASwitch_RevokesTheWholeSession()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person);
        var session = await Api.EnterpriseLoginAsync(person, code);
        using var client = Api.WithToken(session.AccessToken);
        var switched = Accounts.ToSession(await (await client.PostAsJsonAsync("/api/auth/switch", new { kind = "personal" })).AssertOkAsync());
        PassConcurrencyGrace();

        await (await Api.RefreshAsync(session.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");

        await (await Api.RefreshAsync(switched.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.True((await Api.StoredSessionAsync(session)).Revoked);
    }

    [Fact]
    public async Task RevokingOneSession_LeavesThePersonsOtherSessionsAlone()
    {
        var person = await Api.RegisterAsync();
        var first = await Api.PersonalLoginAsync(person);
        var second = await Api.PersonalLoginAsync(person);
        await (await Api.RefreshAsync(first.RefreshToken)).AssertOkAsync();
        PassConcurrencyGrace();

        await (await Api.RefreshAsync(first.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");

        await (await Api.GetWithTokenAsync(second.AccessToken, "/api/me/identities")).AssertOkAsync();
        await (await Api.RefreshAsync(second.RefreshToken)).AssertOkAsync();
    }

    [Fact]
    public async Task ConcurrentRefreshes_WithTheSameToken_ExactlyOneSucceeds()
    {
        var person = await Api.RegisterAsync();

        for (var round = 0; round < 5; round++)
        {
            var session = await Api.PersonalLoginAsync(person);

            var responses = await Task.WhenAll(Api.RefreshAsync(session.RefreshToken), Api.RefreshAsync(session.RefreshToken));

            Assert.Single(responses, response => response.StatusCode == HttpStatusCode.OK);
            var loser = Assert.Single(responses, response => response.StatusCode != HttpStatusCode.OK);
            await loser.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }
    }

    [Fact]
    public async Task ConcurrentRefresh_TheLoser_DoesNotEndTheWinnersSession()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        var winner = Accounts.ToSession(await (await Api.RefreshAsync(session.RefreshToken)).AssertOkAsync());

        await (await Api.RefreshAsync(session.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");

        Assert.False((await Api.StoredSessionAsync(session)).Revoked);
        await (await Api.GetWithTokenAsync(winner.AccessToken, "/api/me/identities")).AssertOkAsync();
        await (await Api.RefreshAsync(winner.RefreshToken)).AssertOkAsync();
    }

    [Fact]
    public async Task ManyConcurrentRefreshes_WithTheSameToken_ExactlyOneSucceeds()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Api.RefreshAsync(session.RefreshToken)));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(response => response.StatusCode != HttpStatusCode.OK), response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("0123456789abcdef0123456789abcdef.c2VjcmV0")]
    public async Task Refresh_WithAnUnknownToken_IsUnauthenticated(string refreshToken)
    {
        var response = await Api.RefreshAsync(refreshToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Refresh_WithAForgedSecretForARealSession_IsRefused_AndKeepsTheSession()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        var forged = SignInKit.SessionIdOf(session.RefreshToken) + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        await (await Api.RefreshAsync(forged)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");

        await (await Api.RefreshAsync(session.RefreshToken)).AssertOkAsync();
    }

    [Fact]
    public async Task Logout_EndsTheSession_ForAccessAndRefresh()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        using var client = Api.WithToken(session.AccessToken);

        await (await client.PostAsync("/api/auth/logout", null)).AssertOkAsync(HttpStatusCode.NoContent);

        await (await client.GetAsync("/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await Api.RefreshAsync(session.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        var stored = await Api.StoredSessionAsync(session);
        Assert.True(stored.Revoked);
        Assert.Equal("logout", stored.RevokedReason);
    }

    [Fact]
    public async Task Logout_WithoutAToken_IsUnauthenticated()
    {
        var response = await Api.Client.PostAsync("/api/auth/logout", null);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Refresh_WithAMalformedBody_IsAValidationError()
    {
        var response = await Api.Client.SendRawAsync(HttpMethod.Post, "/api/auth/refresh", "{\"refreshToken\":");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task RefreshedSession_KeepsTheCurrentIdentity()
    {
        var person = await Api.RegisterAsync();
        var (creditCode, enterpriseId) = await Api.EnterpriseOfAsync(person, person);
        var session = await Api.EnterpriseLoginAsync(person, creditCode, "financialOfficer");

        var refreshed = await (await Api.Client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = session.RefreshToken })).AssertOkAsync();

        var current = refreshed.GetProperty("current");
        Assert.Equal(enterpriseId, current.GetProperty("enterpriseId").GetString());
        Assert.Equal("financialOfficer", current.GetProperty("identityType").GetString());
    }
}
