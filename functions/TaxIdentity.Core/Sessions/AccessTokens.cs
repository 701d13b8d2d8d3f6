using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TaxIdentity.Core.Sessions;

/// <summary>The claims an access token carries: who and which session; everything else is read fresh.</summary>
public sealed record AccessTokenClaims(string PersonId, string SessionId);

/// <summary>Issues and validates the signed (HS256) JWT access tokens; the header's <c>kid</c> names the signing key.</summary>
public sealed class AccessTokens
{
    private const string Audience = "tax-identity-api";
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningKeys keys;
    private readonly TokenOptions options;
    private readonly TimeProvider time;

    public AccessTokens(IOptions<TokenOptions> options, SigningKeys keys, TimeProvider time)
    {
        this.options = options.Value;
        this.keys = keys;
        this.time = time;
    }

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.AccessTokenMinutes);

    public string Issue(AccessTokenClaims claims)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            // jti makes every token unique, so a refresh within the same second still hands out a new one (RFC 9068).
            Subject = new ClaimsIdentity([new Claim("sub", claims.PersonId), new Claim("sid", claims.SessionId), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            SigningCredentials = new SigningCredentials(keys.Current, SecurityAlgorithms.HmacSha256),
        });
    }

    public async Task<AccessTokenClaims?> ValidateAsync(string token)
    {
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = Audience,
            IssuerSigningKeyResolver = (_, _, keyId, _) => keys.Resolve(keyId),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } end && time.GetUtcNow().UtcDateTime < end.AddSeconds(30) && (notBefore is null || notBefore <= time.GetUtcNow().UtcDateTime.AddSeconds(30)),
        });
        return result.IsValid
            && result.Claims.TryGetValue("sub", out var subject) && subject is string personId
            && result.Claims.TryGetValue("sid", out var session) && session is string sessionId
            ? new AccessTokenClaims(personId, sessionId)
            : null;
    }
}
