using System.Globalization;
using System.Text.RegularExpressions;

namespace TaxIdentity.Core.Common.Identifiers;

/// <summary>The identity documents a natural person registers with.</summary>
public enum IdType
{
    ResidentIdCard,
    Passport,
    HkMacaoPermit,
    TaiwanPermit,
    ForeignPermanentResident,
}

/// <summary>Normalizes and checks identity document numbers.</summary>
public static partial class IdDocument
{
    private static readonly int[] ResidentIdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string ResidentIdCheckCharacters = "10X98765432";

    /// <summary>
    /// What the API accepts, for the OpenAPI document: 5 to 20 letters and digits, any case. A resident ID
    /// number is further checked for 18 characters, its GB 11643 check character and a real birth date.
    /// </summary>
    public const string Pattern = "^" + Shape + "$";

    /// <summary>The shape every ID type's number has (a resident ID number's is narrower), for patterns that must avoid it.</summary>
    public const string Shape = "[0-9A-Za-z]{5,20}";

    /// <summary>Whether the text is a valid number of some ID type: a username can't be one (a document number is an account).</summary>
    public static bool MatchesAnyType(string text) => Enum.GetValues<IdType>().Any(type => Normalize(type, text, out _) is not null);

    /// <summary>Returns the upper-cased number, or null with a reason when it is not valid for the type.</summary>
    public static string? Normalize(IdType type, string? value, out string? error)
    {
        var candidate = value?.Trim().ToUpperInvariant() ?? string.Empty;
        error = type switch
        {
            IdType.ResidentIdCard when !IsValidResidentId(candidate) =>
                "is not a valid resident ID number (18 characters, GB 11643 check digit, real birth date).",
            not IdType.ResidentIdCard when !OtherDocument().IsMatch(candidate) =>
                "must be 5 to 20 letters and digits.",
            _ => null,
        };
        return error is null ? candidate : null;
    }

    public static bool IsValidResidentId(string number)
    {
        if (number.Length != 18)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(number[i]))
            {
                return false;
            }

            sum += (number[i] - '0') * ResidentIdWeights[i];
        }

        return number[17] == ResidentIdCheckCharacters[sum % 11]
            && DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    /// <summary>Completes the first 17 digits of a resident ID number with its check character.</summary>
    public static string WithCheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * ResidentIdWeights[i];
        }

        return first17 + ResidentIdCheckCharacters[sum % 11];
    }

    [GeneratedRegex("^[0-9A-Z]{5,20}$")]
    private static partial Regex OtherDocument();
}
