using System.Text.RegularExpressions;
using TaxIdentity.Core.Common.Validation;

namespace TaxIdentity.Core.Profile;

/// <summary>The rules of the personal-information fields (F4-F8) beyond the shared text validator (<see cref="HumanText"/>).</summary>
public static partial class ProfileValidation
{
    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int EmailLength = 254;

    public const int AddressLength = 200;

    /// <summary>The most phones one person may hold.</summary>
    public const int MaxPhones = 5;

    /// <summary>A plain address: local part of the common characters, a domain of dot-separated labels with at least one dot.</summary>
    public static string? Email(FieldErrors errors, string? value)
    {
        var email = value?.Trim();
        if (!errors.Required("email", email))
        {
            return null;
        }

        if (email.Length > EmailLength || !EmailPattern().IsMatch(email))
        {
            errors.Add("email", $"must be an e-mail address such as name@example.cn, at most {EmailLength} characters.");
            return null;
        }

        return email;
    }

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();
}
