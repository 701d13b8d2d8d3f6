using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace TaxIdentity.Core.Sessions;

/// <summary>
/// The keys of access tokens: the current one signs, and the one before the last rotation is still accepted
/// until the end of the overlap (Tokens:PreviousSigningKeyUntil), so tokens signed just before a rotation
/// keep working for their short lifetime. Every key is named by its RFC 7638 thumbprint, written into each
/// token's header as <c>kid</c>; a token is checked only against the key it names.
/// In Development a random signing key is made per start when none is configured.
/// </summary>
public sealed class SigningKeys
{
    private readonly SymmetricSecurityKey? previous;
    private readonly DateTimeOffset previousUntil;
    private readonly TimeProvider time;

    public SigningKeys(IOptions<TokenOptions> options, IHostEnvironment environment, TimeProvider time)
    {
        this.time = time;
        var settings = options.Value;
        Current = Named(settings.SigningKey is { } configured
            ? TokenOptions.KeyBytes(configured) ?? throw new InvalidOperationException("Tokens:SigningKey is not a valid key.")
            : environment.IsDevelopment()
                ? RandomNumberGenerator.GetBytes(TokenOptions.MinimumKeyBytes)
                : throw new InvalidOperationException("Tokens:SigningKey (Tokens__SigningKey) is required outside Development."));
        if (settings.PreviousSigningKey is { } before && TokenOptions.KeyBytes(before) is { } bytes && settings.PreviousSigningKeyUntil is { } until)
        {
            previous = Named(bytes);
            previousUntil = until;
        }
    }

    /// <summary>The key that signs new tokens.</summary>
    public SymmetricSecurityKey Current { get; }

    /// <summary>The accepted key the token's <c>kid</c> names, if any: the current one, or the previous one inside the overlap.</summary>
    public IEnumerable<SecurityKey> Resolve(string? keyId)
    {
        if (keyId == Current.KeyId)
        {
            yield return Current;
        }
        else if (previous is not null && keyId == previous.KeyId && time.GetUtcNow() < previousUntil)
        {
            yield return previous;
        }
    }

    private static SymmetricSecurityKey Named(byte[] bytes)
    {
        var key = new SymmetricSecurityKey(bytes);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }
}
