using System.Text.RegularExpressions;

namespace TaxIdentity.Core.Common.Identifiers;

/// <summary>
/// An enterprise's identifier: the 18-character unified social credit code (GB 32100, with its check
/// character) or an older taxpayer identification number of 15 or 20 characters.
/// </summary>
public static partial class TaxpayerId
{
    private const string CreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>
    /// What the API accepts, for the OpenAPI document, any case: a credit code's 18 characters from its alphabet
    /// (the GB 32100 check character is checked besides), or a taxpayer ID of 15 or 20 characters.
    /// </summary>
    public const string Pattern = "^([0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}|[0-9]{6}[0-9A-Za-z]{9}|[0-9A-Za-z]{20})$";
    private static readonly int[] CreditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Upper-cases and trims the value; returns null with a reason when it is not a valid identifier.</summary>
    public static string? Normalize(string? value, out string? error)
    {
        var candidate = value?.Trim().ToUpperInvariant() ?? string.Empty;
        error = candidate.Length switch
        {
            18 => IsValidCreditCode(candidate) ? null : "is not a valid unified social credit code (GB 32100 check character).",
            15 => FifteenCharacters().IsMatch(candidate) ? null : "is not a valid 15-character taxpayer ID.",
            20 => TwentyCharacters().IsMatch(candidate) ? null : "is not a valid 20-character taxpayer ID.",
            _ => "must be a unified social credit code (18 characters) or a taxpayer ID of 15 or 20 characters.",
        };
        return error is null ? candidate : null;
    }

    public static bool IsValidCreditCode(string code)
    {
        if (code.Length != 18)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var digit = CreditCodeAlphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }

            sum += digit * CreditCodeWeights[i];
        }

        return code[17] == CreditCodeCheckCharacter(sum);
    }

    /// <summary>Completes the first 17 characters of a credit code with its check character.</summary>
    public static string WithCheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += CreditCodeAlphabet.IndexOf(first17[i], StringComparison.Ordinal) * CreditCodeWeights[i];
        }

        return first17 + CreditCodeCheckCharacter(sum);
    }

    private static char CreditCodeCheckCharacter(int weightedSum) => CreditCodeAlphabet[(31 - (weightedSum % 31)) % 31];

    [GeneratedRegex("^[0-9]{6}[0-9A-Z]{9}$")]
    private static partial Regex FifteenCharacters();

    [GeneratedRegex("^[0-9A-Z]{20}$")]
    private static partial Regex TwentyCharacters();
}
