using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.Common.Security;

/// <summary>
/// The server's secret (Tokens:SigningKey) and the purpose-bound keys derived from it with HKDF, so one
/// configured secret signs tokens and peppers code hashes without reusing the same key bytes.
/// In Development a random secret is made per start when none is configured.
/// </summary>
public sealed class ServerKeys
{
    private readonly byte[] secret;

    public ServerKeys(IOptions<TokenOptions> options, IHostEnvironment environment)
    {
        secret = options.Value.SigningKey is { } configured
            ? Convert.FromBase64String(configured)
            : environment.IsDevelopment()
                ? RandomNumberGenerator.GetBytes(TokenOptions.MinimumKeyBytes)
                : throw new InvalidOperationException("Tokens:SigningKey (Tokens__SigningKey) is required outside Development.");
        TokenSigningKey = Derive("access-token-signing");
        CodePepper = Derive("verification-code-pepper");
    }

    public byte[] TokenSigningKey { get; }

    public byte[] CodePepper { get; }

    /// <summary>HMAC-SHA256 of the text under the code pepper, hex: how codes and refresh tokens are stored.</summary>
    public string Hash(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(CodePepper, Encoding.UTF8.GetBytes(text)));

    /// <summary>Compares a presented value's hash with a stored one in constant time.</summary>
    public bool Matches(string text, string? storedHash) =>
        storedHash is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(text)), Encoding.ASCII.GetBytes(storedHash));

    private byte[] Derive(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.UTF8.GetBytes(purpose));
}

/// <summary>Refuses to start outside Development without a signing key.</summary>
public sealed class TokenOptionsEnvironmentValidation(IHostEnvironment environment) : IValidateOptions<TokenOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenOptions options) =>
        options.SigningKey is null && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail("Tokens:SigningKey (Tokens__SigningKey) is required outside Development.")
            : ValidateOptionsResult.Success;
}
