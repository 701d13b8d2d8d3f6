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

    public const string LookAlikeMessage =
        "must be written in ordinary characters: compatibility forms (such as full-width letters or CJK compatibility ideographs) and radicals that look like ordinary characters are refused.";

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
    /// A person's name: as <see cref="Normalize"/>, and NFKC-checked, since the name is real-name data that registration,
    /// invitations, face checks, resets and the tax office's sync match on: a name whose NFKC form differs from it
    /// (full-width letters, ligatures and other compatibility forms), or that holds a radical, a stroke or an
    /// ideographic description character, or a CJK compatibility ideograph that NFC would fold into another
    /// (豈 U+F900 for 豈 U+8C48), is refused rather than stored as a look-alike of another person's name.
    /// </summary>
    public static string? NormalizePersonName(string? value, int maxLength, out string? error)
    {
        var text = Normalize(value, maxLength, out error);
        if (text is null)
        {
            return null;
        }

        if (HasLookAlike(value!) || !string.Equals(text.Normalize(NormalizationForm.FormKC), text, StringComparison.Ordinal))
        {
            error = LookAlikeMessage;
            return null;
        }

        return text;
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

    /// <summary>Radicals, strokes, ideographic description characters, and compatibility ideographs with a decomposition.</summary>
    private static bool HasLookAlike(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            var radicalOrStroke = value is (>= 0x2E80 and <= 0x2FFF) or (>= 0x31C0 and <= 0x31EF);
            var compatibilityIdeograph = value is (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F)
                && !string.Equals(rune.ToString().Normalize(NormalizationForm.FormD), rune.ToString(), StringComparison.Ordinal);
            if (radicalOrStroke || compatibilityIdeograph)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAllowed(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.Surrogate or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
