using System.Diagnostics.CodeAnalysis;

namespace TaxIdentity.Core.Verification.Sms;

/// <summary>
/// An Azure Communication Services connection string: <c>endpoint=https://name.communication.azure.com/;accesskey=base64</c>.
/// Parts are split on <c>;</c> and each on its first <c>=</c> only (the key may end with <c>=</c>); names match
/// case-insensitively; the endpoint's trailing <c>/</c> is trimmed. Messages never echo the key.
/// </summary>
public sealed class AcsConnectionString
{
    private readonly byte[] accessKey;

    private AcsConnectionString(Uri endpoint, byte[] accessKey)
    {
        Endpoint = endpoint;
        this.accessKey = accessKey;
    }

    /// <summary>The resource endpoint without its trailing slash.</summary>
    public Uri Endpoint { get; }

    /// <summary>The decoded access key, the HMAC-SHA256 key.</summary>
    public ReadOnlySpan<byte> AccessKey => accessKey;

    public static AcsConnectionString Parse(string? value) =>
        TryParse(value, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out AcsConnectionString? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "The ACS connection string is empty.";
            return false;
        }

        string? endpointText = null;
        string? keyText = null;
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // Not "name=value"; say where without showing the text, which could be the key.
                error = "The ACS connection string has a part that is not name=value.";
                return false;
            }

            var name = part[..equals].Trim();
            var partValue = part[(equals + 1)..].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpointText = partValue;
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                keyText = partValue;
            }
        }

        if (string.IsNullOrEmpty(endpointText))
        {
            error = "The ACS connection string has no endpoint=https://<resource>.communication.azure.com/ part.";
            return false;
        }

        if (string.IsNullOrEmpty(keyText))
        {
            error = "The ACS connection string has no accesskey=<base64> part.";
            return false;
        }

        endpointText = endpointText.TrimEnd('/');
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || !IsAllowedEndpoint(endpoint))
        {
            error = "The ACS connection string's endpoint is not an absolute https URI.";
            return false;
        }

        var buffer = new byte[keyText.Length];
        if (!Convert.TryFromBase64String(keyText, buffer, out var written) || written == 0)
        {
            error = "The ACS connection string's accesskey is not valid Base64.";
            return false;
        }

        parsed = new AcsConnectionString(endpoint, buffer[..written]);
        error = null;
        return true;
    }

    /// <summary>https, or plain http to a loopback address (a local stand-in for ACS).</summary>
    public static bool IsAllowedEndpoint(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.IsAbsoluteUri
            && (endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback));
    }

    /// <summary>The endpoint only; the key stays out of logs and debugger views.</summary>
    public override string ToString() => $"endpoint={Endpoint.OriginalString};accesskey=***";
}
