using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.Common.Security;

/// <summary>
/// The key (Tokens:HashingKey) under which SMS codes and refresh tokens are stored as keyed hashes. It is
/// its own secret, not derived from the signing key, so rotating the signing key ends no session and no
/// pending code. In Development a random key is made per start when none is configured.
/// </summary>
public sealed class ServerKeys
{
    public ServerKeys(IOptions<TokenOptions> options, IHostEnvironment environment) =>
        CodePepper = options.Value.HashingKey is { } configured
            ? TokenOptions.KeyBytes(configured) ?? throw new InvalidOperationException("Tokens:HashingKey is not a valid key.")
            : environment.IsDevelopment()
                ? RandomNumberGenerator.GetBytes(TokenOptions.MinimumKeyBytes)
                : throw new InvalidOperationException("Tokens:HashingKey (Tokens__HashingKey) is required outside Development.");

    /// <summary>The hashing key itself, for keyed digests that are not stored hashes (the decoy codes' keys).</summary>
    public byte[] CodePepper { get; }

    /// <summary>HMAC-SHA256 of the text under the hashing key, hex: how codes and refresh tokens are stored.</summary>
    public string Hash(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(CodePepper, Encoding.UTF8.GetBytes(text)));

    /// <summary>Compares a presented value's hash with a stored one in constant time.</summary>
    public bool Matches(string text, string? storedHash) =>
        storedHash is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(text)), Encoding.ASCII.GetBytes(storedHash));
}

/// <summary>Refuses to start outside Development without a signing key and a hashing key.</summary>
public sealed class TokenOptionsEnvironmentValidation(IHostEnvironment environment) : IValidateOptions<TokenOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var missing = new List<string>();
        if (options.SigningKey is null)
        {
            missing.Add("Tokens:SigningKey (Tokens__SigningKey) is required outside Development.");
        }

        if (options.HashingKey is null)
        {
            missing.Add("Tokens:HashingKey (Tokens__HashingKey) is required outside Development.");
        }

        return missing.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(missing);
    }
}
