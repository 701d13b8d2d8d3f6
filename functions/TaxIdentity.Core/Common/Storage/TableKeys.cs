namespace TaxIdentity.Core.Common.Storage;

/// <summary>
/// Builds partition and row keys from parts. Parts that come from users are percent-encoded so that no
/// key holds '/', '\', '#', '?' or control characters, and '|' stays free as the part separator.
/// </summary>
public static class TableKeys
{
    public static string Compose(params string[] parts) => string.Join('|', parts.Select(Encode));

    public static string Encode(string part) => Uri.EscapeDataString(part).Replace("|", "%7C", StringComparison.Ordinal);

    /// <summary>The exclusive upper bound for a key prefix, for single-partition range queries.</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
