using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TaxIdentity.Core.Verification.Sms;

/// <summary>The headers that sign one ACS request with an access key.</summary>
/// <param name="Date">x-ms-date, RFC 1123.</param>
/// <param name="ContentHash">x-ms-content-sha256, Base64(SHA-256(body)).</param>
/// <param name="Signature">Base64(HMAC-SHA256(key, string to sign)).</param>
public sealed record AcsSignature(string Date, string ContentHash, string Signature)
{
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    /// <summary>The credentials of the Authorization header, after the <c>HMAC-SHA256</c> scheme.</summary>
    public string AuthorizationParameter => $"SignedHeaders={SignedHeaders}&Signature={Signature}";

    /// <summary>The whole Authorization header value.</summary>
    public string Authorization => $"{AcsRequestSigner.Scheme} {AuthorizationParameter}";
}

/// <summary>
/// HMAC-SHA256 request signing of Azure Communication Services: the string to sign is
/// <c>VERB\nPathAndQuery\nx-ms-date;host;x-ms-content-sha256</c> (values), with host the URI authority.
/// Pure functions, so the published test vectors can be checked directly.
/// </summary>
public static class AcsRequestSigner
{
    public const string Scheme = "HMAC-SHA256";

    public static AcsSignature Sign(HttpMethod method, Uri uri, ReadOnlySpan<byte> body, DateTimeOffset now, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        var date = FormatDate(now);
        var contentHash = ContentHash(body);
        return new AcsSignature(date, contentHash, Signature(method.Method, uri, date, contentHash, key));
    }

    /// <summary>Base64(SHA-256(body)).</summary>
    public static string ContentHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));

    /// <summary>RFC 1123 in UTC: <c>Wed, 13 Apr 2022 18:09:12 GMT</c>.</summary>
    public static string FormatDate(DateTimeOffset value) => value.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The Host header the request carries: the URI authority, with the port only when it is not the scheme's default.</summary>
    public static string Host(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Authority;
    }

    public static string StringToSign(string method, Uri uri, string date, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return $"{method.ToUpperInvariant()}\n{uri.PathAndQuery}\n{date};{Host(uri)};{contentHash}";
    }

    public static string Signature(string method, Uri uri, string date, string contentHash, ReadOnlySpan<byte> key)
    {
        var message = Encoding.UTF8.GetBytes(StringToSign(method, uri, date, contentHash));
        return Convert.ToBase64String(HMACSHA256.HashData(key, message));
    }
}
