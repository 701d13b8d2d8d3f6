using System.Buffers;
using System.Text;

namespace TaxIdentity.Core.Passwords;

/// <summary>What the policy knows about the person whose password is checked; any part may be missing.</summary>
public sealed record PasswordContext(string? Username, string? Phone, string? IdNumber);

/// <summary>
/// The password policy (F2): the bureau's rule (at least 8 characters with at least 3 of upper case, lower case,
/// digit and other characters) plus current guidance (long passwords accepted and never truncated, no personal
/// data, not one of the most common passwords). Lengths are counted in UTF-16 chars, so a Chinese character counts
/// as one and a character outside the Basic Multilingual Plane (an emoji) as two.
/// </summary>
/// <remarks>Thread-safe; meant to be a singleton. Its common-password list is loaded once, on first use.</remarks>
public sealed class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>The policy in one sentence, for the OpenAPI document.</summary>
    public const string Summary = "8 to 128 characters (UTF-16 units) with at least 3 of upper case, lower case, digits and other characters; "
        + "not the username, phone or ID number, and not one of the most common passwords.";

    /// <summary>How many of the four character classes a password needs.</summary>
    public const int MinCharacterClasses = 3;

    public const string TooShortMessage = "The password must be at least 8 characters long.";
    public const string TooLongMessage = "The password must be at most 128 characters long.";
    public const string TooFewClassesMessage = "The password must contain at least 3 of these 4 kinds of character: upper-case letters, lower-case letters, digits, and other characters (symbols, spaces, Chinese characters and so on).";
    public const string ControlCharacterMessage = "The password must not contain control characters (such as tabs or line breaks).";
    public const string InvalidTextMessage = "The password is not valid text.";
    public const string UsernameMessage = "The password must not be your username.";
    public const string PhoneMessage = "The password must not be or contain your phone number.";
    public const string IdNumberMessage = "The password must not be or contain your ID number.";
    public const string CommonMessage = "The password is one of the most commonly used passwords; choose a less predictable one.";

    internal const string CommonPasswordsResource = "TaxIdentity.Core.Passwords.common-passwords.txt";

    // An ID number shorter than this is not looked for inside the password (it would refuse too much).
    private const int MinContainedIdLength = 6;
    private const int MinContainedPhoneDigits = 7;

    private readonly Lazy<HashSet<string>> commonPasswords = new(LoadCommonPasswords, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>How many passwords the shipped common-password list holds.</summary>
    internal int CommonPasswordCount => commonPasswords.Value.Count;

    /// <summary>Returns the rules the password breaks, as messages for a person; an empty list means it is acceptable.</summary>
    public IReadOnlyList<string> Check(string? password, PasswordContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        password ??= string.Empty;
        var broken = new List<string>();

        if (password.Length < MinLength)
        {
            broken.Add(TooShortMessage);
        }
        else if (password.Length > MaxLength)
        {
            broken.Add(TooLongMessage);
        }

        var (classes, hasControl, isInvalid) = Inspect(password);
        if (hasControl)
        {
            broken.Add(ControlCharacterMessage);
        }

        if (isInvalid)
        {
            broken.Add(InvalidTextMessage);
        }

        if (classes < MinCharacterClasses)
        {
            broken.Add(TooFewClassesMessage);
        }

        if (password.Length == 0)
        {
            return broken;
        }

        if (EqualsUsername(password, context.Username))
        {
            broken.Add(UsernameMessage);
        }

        if (MatchesPhone(password, context.Phone))
        {
            broken.Add(PhoneMessage);
        }

        if (MatchesIdNumber(password, context.IdNumber))
        {
            broken.Add(IdNumberMessage);
        }

        if (IsCommon(password))
        {
            broken.Add(CommonMessage);
        }

        return broken;
    }

    /// <summary>Whether the password is on the shipped list, compared case-insensitively (so <c>P@ssw0rd</c> matches <c>p@ssw0rd</c>).</summary>
    internal bool IsCommon(string password) => commonPasswords.Value.Contains(password);

    private static (int Classes, bool HasControl, bool IsInvalid) Inspect(string password)
    {
        bool upper = false, lower = false, digit = false, other = false, control = false, invalid = false;
        var rest = password.AsSpan();
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            rest = rest[consumed..];
            if (status != OperationStatus.Done)
            {
                invalid = true;
            }
            else if (Rune.IsControl(rune))
            {
                control = true;
            }
            else if (Rune.IsUpper(rune))
            {
                upper = true;
            }
            else if (Rune.IsLower(rune))
            {
                lower = true;
            }
            else if (Rune.IsDigit(rune))
            {
                digit = true;
            }
            else
            {
                // Symbols, spaces, punctuation, and letters without case such as Chinese characters.
                other = true;
            }
        }

        var classes = (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
        return (classes, control, invalid);
    }

    private static bool EqualsUsername(string password, string? username)
    {
        var name = username?.Trim();
        return !string.IsNullOrEmpty(name) && string.Equals(password, name, StringComparison.OrdinalIgnoreCase);
    }

    private static bool MatchesPhone(string password, string? phone)
    {
        var raw = phone?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return false;
        }

        if (string.Equals(password, raw, StringComparison.Ordinal))
        {
            return true;
        }

        // The national number: the 11 digits of a mainland number with or without +86 / 86 / 0086 in front;
        // for any other number, all its digits. Containing it covers being equal to it in every written form.
        var digits = string.Concat(raw.Where(char.IsAsciiDigit));
        var national = digits switch
        {
            { Length: 13 } when digits.StartsWith("86", StringComparison.Ordinal) => digits[2..],
            { Length: 15 } when digits.StartsWith("0086", StringComparison.Ordinal) => digits[4..],
            _ => digits,
        };

        return national.Length >= MinContainedPhoneDigits && password.Contains(national, StringComparison.Ordinal);
    }

    private static bool MatchesIdNumber(string password, string? idNumber)
    {
        var id = idNumber?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        return id.Length >= MinContainedIdLength
            ? password.Contains(id, StringComparison.OrdinalIgnoreCase)
            : string.Equals(password, id, StringComparison.OrdinalIgnoreCase);
    }

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream(CommonPasswordsResource)
            ?? throw new InvalidOperationException($"The embedded resource {CommonPasswordsResource} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line);
            }
        }

        return set;
    }
}
