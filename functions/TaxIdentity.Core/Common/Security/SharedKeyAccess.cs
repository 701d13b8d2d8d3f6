using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Results;

namespace TaxIdentity.Core.Common.Security;

/// <summary>Checks a shared key sent in a header, in constant time. No key configured: the endpoints answer 404.</summary>
public static class SharedKey
{
    public static Problem? Check(string? presented, string? expected, string header)
    {
        if (string.IsNullOrEmpty(expected))
        {
            return Problem.NotFound("No such resource.");
        }

        // Hashing first gives both sides the same length, so the comparison leaks neither content nor length.
        var matches = !string.IsNullOrEmpty(presented) && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
        return matches ? null : new Problem(401, ErrorCodes.Unauthenticated, "Not authorized.", $"A valid {header} header is required.");
    }
}

/// <summary>The mobile app's key (X-App-Key). Bound from the <c>App</c> section.</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    [MinLength(24, ErrorMessage = "App:Key (App__Key) must be at least 24 characters when set.")]
    [RegularExpression(@"^(?!@Microsoft\.KeyVault\().*$", ErrorMessage = "App:Key (App__Key) is an unresolved Key Vault reference; check the app's access to the vault.")]
    public string? Key { get; set; }
}

/// <summary>The mobile app's calls carry X-App-Key as well as the person's bearer token.</summary>
public sealed class AppAccess(IOptions<AppOptions> options)
{
    public const string Header = "X-App-Key";

    public Problem? Check(string? presentedKey) => SharedKey.Check(presentedKey, options.Value.Key, Header);
}
