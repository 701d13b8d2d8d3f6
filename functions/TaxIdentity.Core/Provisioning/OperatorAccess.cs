using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Results;

namespace TaxIdentity.Core.Provisioning;

/// <summary>The tax office's key for the provisioning API. Bound from the <c>Operator</c> section.</summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";

    /// <summary>Unset: the operator endpoints answer 404, as if they did not exist.</summary>
    [MinLength(24, ErrorMessage = "Operator:Key (Operator__Key) must be at least 24 characters when set.")]
    public string? Key { get; set; }
}

/// <summary>Checks the X-Operator-Key header in constant time.</summary>
public sealed class OperatorAccess(IOptions<OperatorOptions> options)
{
    public const string Header = "X-Operator-Key";

    /// <summary>Null when the caller may use the provisioning API; otherwise the problem to answer.</summary>
    public Problem? Check(string? presentedKey)
    {
        if (string.IsNullOrEmpty(options.Value.Key))
        {
            return Problem.NotFound("No such resource.");
        }

        if (string.IsNullOrEmpty(presentedKey) || !FixedTimeEquals(presentedKey, options.Value.Key))
        {
            return new Problem(401, ErrorCodes.Unauthenticated, "Not authorized.", $"A valid {Header} header is required.");
        }

        return null;
    }

    // Hashing first gives both sides the same length, so the comparison leaks neither content nor length.
    private static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
