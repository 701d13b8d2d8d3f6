using System.Buffers;
using System.Globalization;
using System.Text;

namespace TaxIdentity.Core.Common.Validation;

/// <summary>
/// Text people read: names (persons, enterprises, agencies, tax authorities), addresses and reasons. It is
/// NFC-normalized, trimmed of plain spaces at both ends, and refused when it holds a character a reader can't see
/// or that changes how the text around it reads: control (Cc), format (Cf: bidi overrides and isolates, zero-width
/// characters, the byte-order mark), private-use (Co), unassigned (Cn) or unpaired surrogate code points, and
/// separators (Zs, Zl, Zp) other than the plain space inside the text. Text that is empty once trimmed is missing.
/// </summary>
public static class HumanText
{
    public const string MissingMessage = "is required.";
    public const string InvisibleMessage =
        "must not contain control, formatting (such as zero-width or direction-changing), private-use or unassigned characters, or spaces other than the plain space.";

    /// <summary>
    /// The normalized text, or null with the reason (a field error message) when it is missing, too long or holds a
    /// refused character. The length is counted after normalization, in UTF-16 chars.
    /// </summary>
    public static string? Normalize(string? value, int maxLength, out string? error)
    {
        var trimmed = value?.Trim(' ') ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = MissingMessage;
            return null;
        }

        if (!IsVisibleText(trimmed))
        {
            error = InvisibleMessage;
            return null;
        }

        var normalized = trimmed.Normalize(NormalizationForm.FormC);
        if (normalized.Length > maxLength)
        {
            error = $"must be at most {maxLength} characters.";
            return null;
        }

        error = null;
        return normalized;
    }

    /// <summary>
    /// Whether this process can NFC-normalize text: it can't in .NET's globalization-invariant mode (or without ICU),
    /// where string.Normalize returns its input unchanged. Start-up refuses to run without it.
    /// </summary>
    public static bool NormalizationAvailable => string.Equals("e\u0301".Normalize(NormalizationForm.FormC), "\u00E9", StringComparison.Ordinal);

    /// <summary>True when every code point is well-formed, assigned and printable, and the only separator is the plain space.</summary>
    public static bool IsVisibleText(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done || !IsAllowed(rune))
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }

    private static bool IsAllowed(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.Surrogate or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
