using System.Buffers;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace TaxIdentity.Core.Verification.Face.TencentCloud;

/// <summary>
/// One answer of the Tencent Cloud API 3.0: its <c>Response</c> object, and the <c>Error.Code</c> when the call failed
/// (the API answers HTTP 200 with an Error for its own errors). Owns the parsed document.
/// </summary>
internal sealed class TencentCloudAnswer(JsonDocument document, JsonElement response) : IDisposable
{
    public JsonElement Response { get; } = response;

    public string? ErrorCode { get; } =
        response.TryGetProperty("Error", out var error) && error.ValueKind == JsonValueKind.Object ? TencentCloudApi.StringOf(error, "Code") : null;

    public string? RequestId { get; } = TencentCloudApi.StringOf(response, "RequestId");

    public void Dispose() => document.Dispose();
}

/// <summary>
/// Calls one FaceID action: POST / with the JSON body, X-TC-Action and X-TC-Version, on the named HttpClient whose
/// pipeline retries and whose <see cref="TencentCloudAuthorizationHandler"/> signs each attempt. A call that gets no
/// readable answer in time throws <see cref="FaceProviderUnavailableException"/>; an answer carrying an Error is returned
/// for the caller to judge. Never logs or throws the body: it holds a name and an ID number.
/// </summary>
internal static partial class TencentCloudApi
{
    public const string Version = "2018-03-01";

    private static readonly JsonWriterOptions BodyFormat = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Body(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, BodyFormat))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static async Task<TencentCloudAnswer> CallAsync(
        HttpClient client, Uri endpoint, string action, byte[] body, int deadlineSeconds, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = TencentCloudAuthorizationHandler.JsonContentType;
        request.Headers.Add("X-TC-Action", action);
        request.Headers.Add("X-TC-Version", Version);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var attempts = TencentCloudAuthorizationHandler.Attempts(request);
            LogUnreachable(logger, e, action, attempts, deadlineSeconds);
            throw new FaceProviderUnavailableException($"FaceID {action} did not answer within {deadlineSeconds} s ({attempts} attempts).", e);
        }

        using (response)
        {
            var attempts = TencentCloudAuthorizationHandler.Attempts(request);
            var status = (int)response.StatusCode;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                LogRefused(logger, action, status, null, null, attempts);
                throw new FaceProviderUnavailableException($"FaceID {action} answered HTTP {status} ({attempts} attempts).", retryAfter: ServerDelay(response, time.GetUtcNow()));
            }

            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            try
            {
                var document = JsonDocument.Parse(content);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("Response", out var answer)
                    && answer.ValueKind == JsonValueKind.Object)
                {
                    return new TencentCloudAnswer(document, answer);
                }

                document.Dispose();
            }
            catch (JsonException)
            {
                // Not an API answer (a gateway's page): judged below like a missing Response.
            }

            LogRefused(logger, action, status, "UnreadableAnswer", null, attempts);
            throw new FaceProviderUnavailableException($"FaceID {action} answered without a readable Response ({attempts} attempts).");
        }
    }

    /// <summary>Errors worth another attempt: FaceID's throttling and its own internal errors.</summary>
    public static bool IsTransient(string? errorCode) =>
        errorCode is not null
        && (errorCode.StartsWith("RequestLimitExceeded", StringComparison.Ordinal) || errorCode.StartsWith("InternalError", StringComparison.Ordinal));

    /// <summary>For the pipeline: the Error.Code of a 200 answer, read from the buffered content (which stays readable); null otherwise.</summary>
    public static async ValueTask<string?> PeekErrorCodeAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        try
        {
            await response.Content.LoadIntoBufferAsync();
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Response", out var answer)
                && answer.ValueKind == JsonValueKind.Object
                && answer.TryGetProperty("Error", out var error)
                && error.ValueKind == JsonValueKind.Object
                    ? StringOf(error, "Code")
                    : null;
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            return null;
        }
    }

    /// <summary>The standard Retry-After (seconds or an HTTP date), never negative, at most a day; null when absent.</summary>
    public static TimeSpan? ServerDelay(HttpResponseMessage response, DateTimeOffset now)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - now : null);
        return delay is null ? null : delay < TimeSpan.Zero ? TimeSpan.Zero : delay > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : delay;
    }

    /// <summary>250 ms, 500 ms, 1 s … up to 2 s, spread by ±20 % (<paramref name="jitter"/> in [0, 1)).</summary>
    public static TimeSpan Backoff(int attempt, double jitter)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 8);
        var delay = TimeSpan.FromMilliseconds(Math.Min(250 << exponent, 2000));
        return delay * (0.8 + (0.4 * Math.Clamp(jitter, 0, 1)));
    }

    public static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static int? IntOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "FaceID {Action} did not answer within the deadline of {DeadlineSeconds} s ({Attempts} attempts)")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string action, int attempts, int deadlineSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "FaceID {Action} answered {Status} ({ErrorCode}, request {RequestId}) on attempt {Attempt}")]
    public static partial void LogRefused(ILogger logger, string action, int status, string? errorCode, string? requestId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FaceID {Action} answered {Status} ({ErrorCode}) on attempt {Attempt}; retrying in {Delay}")]
    public static partial void LogRetrying(ILogger logger, string? action, int status, string? errorCode, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FaceID {Action} could not be reached on attempt {Attempt}; retrying in {Delay}")]
    public static partial void LogRetryingUnreachable(ILogger logger, Exception exception, string? action, int attempt, TimeSpan delay);
}
