using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Sessions;

/// <summary>
/// A11: the signing key rotates with an overlap (a key ID in every token, the previous key accepted until a
/// set time), and codes and refresh tokens are hashed under a key of their own.
/// </summary>
public sealed class KeyRotationTests
{
    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string TablePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static JsonElement HeaderOf(string token) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[0])).RootElement.Clone();

    [Fact]
    public async Task AccessToken_NamesItsSigningKey_WithAKeyId()
    {
        var key = NewKey();
        await using var api = await ApiHost.StartAsync(settings => settings["Tokens:SigningKey"] = key);
        await using var sameKey = await ApiHost.StartAsync(settings => settings["Tokens:SigningKey"] = key);
        await using var otherKey = await ApiHost.StartAsync(settings => settings["Tokens:SigningKey"] = NewKey());

        var kid = HeaderOf((await api.PersonalLoginAsync(await api.RegisterAsync())).AccessToken).GetProperty("kid").GetString();

        Assert.False(string.IsNullOrEmpty(kid));
        Assert.Equal(kid, HeaderOf((await sameKey.PersonalLoginAsync(await sameKey.RegisterAsync())).AccessToken).GetProperty("kid").GetString());
        Assert.NotEqual(kid, HeaderOf((await otherKey.PersonalLoginAsync(await otherKey.RegisterAsync())).AccessToken).GetProperty("kid").GetString());
    }

    [Fact]
    public async Task TokenSignedWithThePreviousKey_IsAcceptedInsideTheOverlap_AndRefusedAfter()
    {
        var clock = SignInKit.NewClock();
        var (previousKey, hashingKey, prefix) = (NewKey(), NewKey(), TablePrefix());
        await using var before = await ApiHost.StartOnClockAsync(clock, settings =>
        {
            settings["Tables:Prefix"] = prefix;
            settings["Tokens:SigningKey"] = previousKey;
            settings["Tokens:HashingKey"] = hashingKey;
        });
        await using var after = await ApiHost.StartOnClockAsync(clock, settings =>
        {
            settings["Tables:Prefix"] = prefix;
            settings["Tokens:SigningKey"] = NewKey();
            settings["Tokens:PreviousSigningKey"] = previousKey;
            settings["Tokens:PreviousSigningKeyUntil"] = clock.GetUtcNow().AddMinutes(10).ToString("O");
            settings["Tokens:HashingKey"] = hashingKey;
        });
        var person = await before.RegisterAsync();
        var signedBefore = await before.PersonalLoginAsync(person);
        var signedAfter = await after.PersonalLoginAsync(person);

        await (await after.GetWithTokenAsync(signedBefore.AccessToken, "/api/me/identities")).AssertOkAsync();
        clock.Advance(TimeSpan.FromMinutes(11));

        await (await after.GetWithTokenAsync(signedBefore.AccessToken, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await after.GetWithTokenAsync(signedAfter.AccessToken, "/api/me/identities")).AssertOkAsync();
    }

    [Fact]
    public async Task RotatingTheSigningKey_KeepsRefreshTokensAndPendingSmsCodes()
    {
        var (hashingKey, prefix) = (NewKey(), TablePrefix());
        await using var before = await ApiHost.StartAsync(settings =>
        {
            settings["Tables:Prefix"] = prefix;
            settings["Tokens:SigningKey"] = NewKey();
            settings["Tokens:HashingKey"] = hashingKey;
        });
        var session = await before.PersonalLoginAsync(await before.RegisterAsync());
        var phone = TestData.Phone();
        var (verificationId, code) = await before.RegisterCodeAsync(phone);

        await using var after = await ApiHost.StartAsync(settings =>
        {
            settings["Tables:Prefix"] = prefix;
            settings["Tokens:SigningKey"] = NewKey();
            settings["Tokens:HashingKey"] = hashingKey;
        });

        var refreshed = Accounts.ToSession(await (await after.RefreshAsync(session.RefreshToken)).AssertOkAsync());
        await (await after.GetWithTokenAsync(refreshed.AccessToken, "/api/me/identities")).AssertOkAsync();
        await (await after.PostRegistrationAsync(await after.ProvenBodyAsync(phone, verificationId, code))).AssertOkAsync(HttpStatusCode.Created);
    }
}
