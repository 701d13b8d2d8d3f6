using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TaxIdentity.Core.Verification.Face.TencentCloud;

/// <summary>Every step of one TC3-HMAC-SHA256 signature, so each can be checked against Tencent Cloud's worked example.</summary>
/// <param name="CanonicalRequest">Step 1, the canonical request (规范请求串).</param>
/// <param name="StringToSign">Step 2, the string to sign (待签名字符串).</param>
/// <param name="Signature">Step 3, lower-case hex of HMAC-SHA256 under the derived key.</param>
/// <param name="Authorization">Step 4, the Authorization header value.</param>
public sealed record Tc3Signature(string CanonicalRequest, string StringToSign, string Signature, string Authorization)
{
    /// <summary>The secrets are not part of the record; this keeps a logged record harmless anyway.</summary>
    public override string ToString() => Authorization;
}

/// <summary>
/// Tencent Cloud API 3.0 request signing, "Signature v3" (签名方法 v3, TC3-HMAC-SHA256): the canonical request is
/// <c>METHOD\nURI\nQUERY\nheaders\n\nsignedHeaders\nhex(sha256(payload))</c> with each signed header lower-cased
/// <c>name:value\n</c> in ASCII order; the string to sign is <c>TC3-HMAC-SHA256\ntimestamp\ndate/service/tc3_request\nhex(sha256(canonical))</c>;
/// the key is derived <c>HMAC("TC3" + SecretKey, date)</c> → service → <c>tc3_request</c>, the date being the UTC day of
/// the timestamp. Pure functions, so the documentation's worked example can be checked step by step.
/// </summary>
public static class Tc3Signer
{
    public const string Algorithm = "TC3-HMAC-SHA256";
    private const string Terminator = "tc3_request";

    /// <summary>Signs one request; <paramref name="headers"/> are the headers to sign (content-type and host at least) as sent.</summary>
    public static Tc3Signature Sign(
        string secretId, string secretKey, string service, DateTimeOffset timestamp,
        string method, string canonicalUri, string canonicalQueryString, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        ArgumentException.ThrowIfNullOrEmpty(service);
        var signed = Canonical(headers);
        var canonicalRequest = CanonicalRequest(method, canonicalUri, canonicalQueryString, signed, payload);
        var date = Date(timestamp);
        var scope = CredentialScope(date, service);
        var stringToSign = StringToSign(timestamp, scope, canonicalRequest);
        var signature = Signature(secretKey, date, service, stringToSign);
        var authorization = $"{Algorithm} Credential={secretId}/{scope}, SignedHeaders={SignedHeaders(signed)}, Signature={signature}";
        return new Tc3Signature(canonicalRequest, stringToSign, signature, authorization);
    }

    public static string CanonicalRequest(
        string method, string canonicalUri, string canonicalQueryString, IReadOnlyList<KeyValuePair<string, string>> canonicalHeaders, ReadOnlySpan<byte> payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var headers = new StringBuilder();
        foreach (var (name, value) in canonicalHeaders)
        {
            headers.Append(name).Append(':').Append(value).Append('\n');
        }

        return $"{method.ToUpperInvariant()}\n{canonicalUri}\n{canonicalQueryString}\n{headers}\n{SignedHeaders(canonicalHeaders)}\n{Sha256Hex(payload)}";
    }

    /// <summary>Names and values lower-cased and trimmed, sorted by name in ASCII order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Canonical(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return [.. headers
            .Select(header => KeyValuePair.Create(header.Key.Trim().ToLowerInvariant(), header.Value.Trim().ToLowerInvariant()))
            .OrderBy(header => header.Key, StringComparer.Ordinal)];
    }

    public static string SignedHeaders(IReadOnlyList<KeyValuePair<string, string>> canonicalHeaders) =>
        string.Join(';', canonicalHeaders.Select(header => header.Key));

    /// <summary>The UTC date of the timestamp, <c>yyyy-MM-dd</c>: a request at 00:44 in Beijing is still the previous day.</summary>
    public static string Date(DateTimeOffset timestamp) => timestamp.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string CredentialScope(string date, string service) => $"{date}/{service}/{Terminator}";

    public static string StringToSign(DateTimeOffset timestamp, string credentialScope, string canonicalRequest) =>
        $"{Algorithm}\n{timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}\n{credentialScope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public static string Signature(string secretKey, string date, string service, string stringToSign)
    {
        var secretDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("TC3" + secretKey), Encoding.UTF8.GetBytes(date));
        var secretService = HMACSHA256.HashData(secretDate, Encoding.UTF8.GetBytes(service));
        var secretSigning = HMACSHA256.HashData(secretService, Encoding.UTF8.GetBytes(Terminator));
        return Convert.ToHexStringLower(HMACSHA256.HashData(secretSigning, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
