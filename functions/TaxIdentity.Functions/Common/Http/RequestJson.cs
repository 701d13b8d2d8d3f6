using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;

namespace TaxIdentity.Functions.Common.Http;

/// <summary>Reads a JSON request body, turning every way it can be wrong into a field-level validation problem.</summary>
public static class RequestJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    public static async Task<Outcome<T>> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return Problem.Validation("body", "must be sent with Content-Type: application/json.");
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        var bytes = await ReadLimitedAsync(request.Body, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return TooLarge(maxBytes);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException e)
        {
            return Problem.Validation("body", $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Problem.Validation("body", "must be a JSON object.");
            }

            try
            {
                return document.Deserialize<T>(JsonDefaults.Options)!;
            }
            catch (JsonException e)
            {
                return Problem.Validation(FieldOf(e.Path), "has the wrong type or an unknown value.");
            }
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var charsetIsUtf8 = !mediaType.Charset.HasValue || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
        return charsetIsUtf8
            && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Problem TooLarge(int maxBytes) => Problem.Validation("body", $"must be at most {maxBytes} bytes.");

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
