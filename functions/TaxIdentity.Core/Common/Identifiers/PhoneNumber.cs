using System.Text.RegularExpressions;

namespace TaxIdentity.Core.Common.Identifiers;

/// <summary>Phone numbers arrive as 11-digit mainland numbers or in E.164 and are stored in E.164.</summary>
public static partial class PhoneNumber
{
    /// <summary>
    /// What the API accepts, for the OpenAPI document: an 11-digit mainland mobile number, or E.164 where a +86
    /// number is a mainland mobile number. (The server also drops spaces and dashes.)
    /// </summary>
    public const string Pattern = @"^(1[3-9][0-9]{9}|\+861[3-9][0-9]{9}|\+(?!86)[1-9][0-9]{6,14})$";

    public static string? Normalize(string? value, out string? error)
    {
        var candidate = value?.Trim().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal) ?? string.Empty;
        string? normalized = null;
        if (Mainland().IsMatch(candidate))
        {
            normalized = "+86" + candidate;
        }
        else if (E164().IsMatch(candidate))
        {
            normalized = candidate.StartsWith("+86", StringComparison.Ordinal) && !Mainland().IsMatch(candidate[3..]) ? null : candidate;
        }

        error = normalized is null ? "must be an 11-digit mainland mobile number or an E.164 number (+8613800138000)." : null;
        return normalized;
    }

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex Mainland();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}
