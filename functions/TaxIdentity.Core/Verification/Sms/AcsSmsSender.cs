using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace TaxIdentity.Core.Verification.Sms;

/// <summary>
/// Sends SMS through the Azure Communication Services REST API (<c>POST {endpoint}/sms?api-version=2021-03-07</c>)
/// on the named HttpClient <see cref="HttpClientName"/> (see <see cref="AcsSmsRegistration"/>): a resilience pipeline
/// retries 429, 5xx, timeouts and transport failures as the server's Retry-After says, resending the same body (so the
/// same repeatability pair, and ACS never sends a message twice), each attempt signed afresh by
/// <see cref="AcsAuthorizationHandler"/>, all within <see cref="SmsOptions.DeadlineSeconds"/>. Anything short of ACS
/// accepting this recipient throws <see cref="SmsDeliveryException"/>. Logs and errors carry the masked number, never
/// the text, the key or the token.
/// </summary>
public sealed partial class AcsSmsSender : ISmsSender
{
    public const string ApiVersion = "2021-03-07";

    /// <summary>The Microsoft Entra scope of ACS; the double slash is literal.</summary>
    public const string TokenScope = "https://communication.azure.com//.default";

    /// <summary>The longest message ACS accepts.</summary>
    public const int MaxMessageLength = 2048;

    /// <summary>The named HttpClient that carries the resilience pipeline and the authorization handler.</summary>
    public const string HttpClientName = "AcsSms";

    internal static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>The masked recipient, for the retry log written by the pipeline.</summary>
    internal static readonly HttpRequestOptionsKey<string> RecipientOption = new("TaxIdentity.AcsSms.Recipient");

    /// <summary>How many times the request went out, counted by <see cref="AcsAuthorizationHandler"/>.</summary>
    internal static readonly HttpRequestOptionsKey<int> AttemptOption = new("TaxIdentity.AcsSms.Attempt");

    private const int MaxErrorTextLength = 200;

    private static readonly JsonWriterOptions BodyFormat = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IHttpClientFactory httpClients;
    private readonly TimeProvider time;
    private readonly ILogger<AcsSmsSender> logger;
    private readonly string from;
    private readonly int deadlineSeconds;
    private readonly Uri sendUri;

    public AcsSmsSender(IHttpClientFactory httpClients, IOptions<SmsOptions> options, TimeProvider timeProvider, ILogger<AcsSmsSender> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        this.httpClients = httpClients;
        time = timeProvider;
        this.logger = logger;

        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.From))
        {
            throw new InvalidOperationException("Sms:From (Sms__From) must be the ACS sender number in E.164.");
        }

        from = settings.From;
        deadlineSeconds = settings.DeadlineSeconds;
        sendUri = SendUri(AcsTarget.From(settings).Endpoint);
    }

    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.To);
        ArgumentException.ThrowIfNullOrEmpty(message.Text);
        if (message.Text.Length > MaxMessageLength)
        {
            throw new ArgumentException($"An SMS holds at most {MaxMessageLength} characters.", nameof(message));
        }

        var recipient = Mask(message.To);

        // Fixed for the message: every attempt sends these bytes, and ACS recognises the pair and never sends twice.
        var body = Body(from, message, Guid.NewGuid(), AcsRequestSigner.FormatDate(time.GetUtcNow()));
        using var request = new HttpRequestMessage(HttpMethod.Post, sendUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Options.Set(RecipientOption, recipient);

        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Too slow or unreachable; a request that reached ACS is covered by the repeatability pair.
            var attempts = Attempts(request);
            LogUnreachable(logger, e, recipient, attempts, deadlineSeconds);
            throw new SmsDeliveryException($"ACS did not accept the SMS to {recipient} within {deadlineSeconds} s ({attempts} attempts).", e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                await ReadAcceptedAsync(response, message, recipient, Attempts(request), cancellationToken);
                return;
            }

            var error = await ReadErrorAsync(response, message, cancellationToken);
            LogRefused(logger, recipient, status, error.Code, Attempts(request));
            throw new SmsDeliveryException(
                $"ACS did not take the SMS to {recipient} in {Attempts(request)} attempts: last HTTP {status}{error}.", retryAfter: ServerDelay(response, time.GetUtcNow()));
        }
    }

    /// <summary>Keeps the first digits and the last four: <c>+8613800138000</c> becomes <c>+86138****8000</c>.</summary>
    internal static string Mask(string? number)
    {
        const int keepEnd = 4;
        const int minHidden = 4;
        if (string.IsNullOrEmpty(number) || number.Length <= keepEnd + minHidden)
        {
            return "****";
        }

        var keepStart = Math.Min(number.StartsWith('+') ? 6 : 5, number.Length - keepEnd - minHidden);
        return string.Concat(number.AsSpan(0, keepStart), "****", number.AsSpan(number.Length - keepEnd));
    }

    /// <summary>
    /// How long to wait before the next attempt: what the server asked for (<see cref="ServerDelay"/>), else
    /// <see cref="Backoff"/>. The pipeline does not retry when the server asks for longer than the deadline.
    /// </summary>
    internal static TimeSpan RetryDelay(HttpResponseMessage? response, int attempt, DateTimeOffset now, double jitter) =>
        (response is null ? null : ServerDelay(response, now)) ?? Backoff(attempt, jitter);

    /// <summary>
    /// The wait the server asked for: <c>retry-after-ms</c> (or <c>x-ms-retry-after-ms</c>), else <c>Retry-After</c> in
    /// seconds or as an HTTP date; never negative. Null when it said nothing.
    /// </summary>
    internal static TimeSpan? ServerDelay(HttpResponseMessage response, DateTimeOffset now)
    {
        foreach (var name in (ReadOnlySpan<string>)["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (response.Headers.TryGetValues(name, out var values)
                && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
                && double.IsFinite(milliseconds))
            {
                return TimeSpan.FromMilliseconds(Math.Clamp(milliseconds, 0, TimeSpan.FromDays(1).TotalMilliseconds));
            }
        }

        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - now : null);
        return delay is null ? null : delay < TimeSpan.Zero ? TimeSpan.Zero : delay > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : delay;
    }

    /// <summary>1 s, 2 s, 4 s … up to <see cref="MaxBackoff"/>, spread by ±20 % (<paramref name="jitter"/> in [0, 1)).</summary>
    internal static TimeSpan Backoff(int attempt, double jitter)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 16);
        var delay = TimeSpan.FromTicks(Math.Min(FirstBackoff.Ticks << exponent, MaxBackoff.Ticks));
        return delay * (0.8 + (0.4 * Math.Clamp(jitter, 0, 1)));
    }

    internal static Uri SendUri(Uri endpoint) => new($"{endpoint.AbsoluteUri.TrimEnd('/')}/sms?api-version={ApiVersion}");

    private static int Attempts(HttpRequestMessage request) => request.Options.TryGetValue(AttemptOption, out var attempts) ? attempts : 0;

    private static byte[] Body(string from, SmsMessage message, Guid requestId, string firstSent)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (message.Text.Length * 3));
        using (var json = new Utf8JsonWriter(buffer, BodyFormat))
        {
            json.WriteStartObject();
            json.WriteString("from", from);
            json.WriteStartArray("smsRecipients");
            json.WriteStartObject();
            json.WriteString("to", message.To);
            json.WriteString("repeatabilityRequestId", requestId);
            json.WriteString("repeatabilityFirstSent", firstSent);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("message", message.Text);
            json.WriteStartObject("smsSendOptions");
            json.WriteBoolean("enableDeliveryReport", false);
            if (!string.IsNullOrEmpty(message.Tag))
            {
                json.WriteString("tag", message.Tag);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A 202 says the request was taken; whether this recipient was is in its own entry.</summary>
    private async Task ReadAcceptedAsync(HttpResponseMessage response, SmsMessage message, string recipient, int attempt, CancellationToken cancellationToken)
    {
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        bool successful;
        string? messageId;
        int? recipientStatus;
        string? errorMessage;
        try
        {
            using var document = JsonDocument.Parse(content);
            if (!document.RootElement.TryGetProperty("value", out var results)
                || results.ValueKind != JsonValueKind.Array
                || results.GetArrayLength() == 0
                || results[0].ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("No recipient entry.");
            }

            var result = results[0];
            successful = result.TryGetProperty("successful", out var flag) && flag.ValueKind == JsonValueKind.True;
            messageId = StringOf(result, "messageId");
            recipientStatus = result.TryGetProperty("httpStatusCode", out var code) && code.TryGetInt32(out var number) ? number : null;
            errorMessage = StringOf(result, "errorMessage");
        }
        catch (JsonException e)
        {
            // Never retried: ACS may have queued the message.
            LogRefused(logger, recipient, (int)response.StatusCode, "UnreadableAnswer", attempt);
            throw new SmsDeliveryException($"ACS answered 202 to the SMS to {recipient} without a readable recipient result.", e);
        }

        if (!successful)
        {
            LogRecipientRejected(logger, recipient, recipientStatus, messageId, attempt);
            var reason = string.IsNullOrEmpty(errorMessage) ? string.Empty : $": {Redact(errorMessage, message)}";
            throw new SmsDeliveryException(
                $"ACS did not accept the recipient {recipient} (recipient status {recipientStatus?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}){reason}.");
        }

        LogAccepted(logger, recipient, messageId, attempt);
    }

    private static async Task<AcsError> ReadErrorAsync(HttpResponseMessage response, SmsMessage message, CancellationToken cancellationToken)
    {
        string? code = response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;
        string? text = null;
        try
        {
            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (content.Length > 0)
            {
                using var document = JsonDocument.Parse(content);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out var error)
                    && error.ValueKind == JsonValueKind.Object)
                {
                    code ??= StringOf(error, "code");
                    text = StringOf(error, "message");
                }
            }
        }
        catch (JsonException)
        {
            // An error page that is not JSON: the status says enough.
        }

        return new AcsError(code is null ? null : Redact(code, message), text is null ? null : Redact(text, message));
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Service text may echo the request: drop the number, the message and any long run of digits (a code), and cap the length.</summary>
    private static string Redact(string text, SmsMessage message)
    {
        text = text.Replace(message.To, Mask(message.To), StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(message.Text))
        {
            text = text.Replace(message.Text, "[message]", StringComparison.Ordinal);
        }

        text = Digits().Replace(text, "***");
        return text.Length <= MaxErrorTextLength ? text : string.Concat(text.AsSpan(0, MaxErrorTextLength), "…");
    }

    [GeneratedRegex(@"(?<![+*\d])\d{4,}(?!\d)", RegexOptions.None, matchTimeoutMilliseconds: 100)]
    private static partial Regex Digits();

    [LoggerMessage(Level = LogLevel.Information, Message = "ACS took the SMS to {Recipient} as message {MessageId} on attempt {Attempt}")]
    private static partial void LogAccepted(ILogger logger, string recipient, string? messageId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACS answered {Status} ({ErrorCode}) to the SMS to {Recipient} on attempt {Attempt}; retrying in {Delay}")]
    internal static partial void LogRetrying(ILogger logger, int status, string? errorCode, string? recipient, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACS could not be reached for the SMS to {Recipient} on attempt {Attempt}; retrying in {Delay}")]
    internal static partial void LogRetryingUnreachable(ILogger logger, Exception exception, string? recipient, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "ACS did not accept the SMS to {Recipient} within the deadline of {DeadlineSeconds} s ({Attempts} attempts); giving up")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string recipient, int attempts, int deadlineSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "ACS refused the SMS to {Recipient} with status {Status} ({ErrorCode}) on attempt {Attempt}")]
    private static partial void LogRefused(ILogger logger, string recipient, int status, string? errorCode, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "ACS did not accept the recipient {Recipient}: recipient status {RecipientStatus}, message {MessageId}, attempt {Attempt}")]
    private static partial void LogRecipientRejected(ILogger logger, string recipient, int? recipientStatus, string? messageId, int attempt);

    /// <summary>The error code and message of a non-202 answer, already redacted.</summary>
    private sealed record AcsError(string? Code, string? Message)
    {
        public override string ToString() =>
            (Code, Message) switch
            {
                (null, null) => string.Empty,
                (_, null) => $", error {Code}",
                (null, _) => $": {Message}",
                _ => $", error {Code}: {Message}",
            };
    }
}
