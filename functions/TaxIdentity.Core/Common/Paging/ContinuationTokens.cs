using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TaxIdentity.Core.Common.Security;

namespace TaxIdentity.Core.Common.Paging;

/// <summary>Where the next page of a newest-first range starts: after row key <see cref="After"/>, before <see cref="Before"/>.</summary>
public sealed record PageCursor(string After, string Before);

/// <summary>
/// Seals page cursors into continuation tokens the client hands back: base64url JSON of the cursor, a dot, and an
/// HMAC-SHA256 over the cursor and the query's scope (what is listed, the partition, the filters), under a key derived
/// from Tokens:HashingKey. A token survives any round trip through the client, but one changed in any way, made up, or
/// presented for another partition (another enterprise or person) or another query opens to nothing. The cursor names
/// row keys only, never the partition, which always comes from the caller.
/// </summary>
public sealed class ContinuationTokens(ServerKeys keys)
{
    public const int MaxLength = 512;

    private readonly byte[] key = HMACSHA256.HashData(keys.CodePepper, "continuation-token/v1"u8);

    public string Seal(string scope, PageCursor cursor)
    {
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new[] { cursor.After, cursor.Before }));
        return payload + "." + Base64Url(Mac(scope, payload));
    }

    /// <summary>The cursor sealed for this scope, or null when the token is not one this platform sealed for it.</summary>
    public PageCursor? Open(string scope, string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (token.Length > MaxLength || dot <= 0 || FromBase64Url(token[(dot + 1)..]) is not { } mac)
        {
            return null;
        }

        var payload = token[..dot];
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(scope, payload)) || FromBase64Url(payload) is not { } json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(json) is [{ } after, { } before] ? new PageCursor(after, before) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private byte[] Mac(string scope, string payload) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(scope + "\n" + payload));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        if (text.Length == 0 || text.Any(character => !(char.IsAsciiLetterOrDigit(character) || character is '-' or '_')))
        {
            return null;
        }

        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        try
        {
            // Only the one canonical spelling: a changed unused low bit of the last character is a changed token too.
            var bytes = Convert.FromBase64String(padded);
            return Base64Url(bytes) == text ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
