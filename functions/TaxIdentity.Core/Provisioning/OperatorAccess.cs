using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;

namespace TaxIdentity.Core.Provisioning;

/// <summary>The tax office's key for the provisioning API. Bound from the <c>Operator</c> section.</summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";

    /// <summary>Unset: the operator endpoints answer 404, as if they did not exist.</summary>
    [MinLength(24, ErrorMessage = "Operator:Key (Operator__Key) must be at least 24 characters when set.")]
    [RegularExpression(@"^(?!@Microsoft\.KeyVault\().*$", ErrorMessage = "Operator:Key (Operator__Key) is an unresolved Key Vault reference; check the app's access to the vault.")]
    public string? Key { get; set; }
}

/// <summary>Checks the X-Operator-Key header in constant time.</summary>
public sealed class OperatorAccess(IOptions<OperatorOptions> options)
{
    public const string Header = "X-Operator-Key";

    /// <summary>Null when the caller may use the provisioning API; otherwise the problem to answer.</summary>
    public Problem? Check(string? presentedKey) => SharedKey.Check(presentedKey, options.Value.Key, Header);
}
