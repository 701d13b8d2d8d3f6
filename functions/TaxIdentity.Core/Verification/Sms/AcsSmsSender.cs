using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TaxIdentity.Core.Verification.Sms;

/// <summary>
/// Sends SMS through the Azure Communication Services REST API (<c>POST {endpoint}/sms?api-version=2021-03-07</c>),
/// signed with the access key of <see cref="SmsOptions.ConnectionString"/> or authorized with a Microsoft Entra token
/// for <see cref="SmsOptions.Endpoint"/>. Retries 429, 5xx and transport failures up to <see cref="SmsOptions.MaxAttempts"/>
/// with the same repeatability headers, so ACS never sends a message twice. Logs and errors carry the masked number,
/// never the text, the key or the token.
/// </summary>
public sealed partial class AcsSmsSender : ISmsSender
{
    public const string ApiVersion = "2021-03-07";

    /// <summary>The Microsoft Entra scope of ACS; the double slash is literal.</summary>
    public const string TokenScope = "https://communication.azure.com//.default";

    /// <summary>The longest message ACS accepts.</summary>
    public const int MaxMessageLength = 2048;

    internal static readonly TimeSpan TokenRefreshMargin = TimeSpan.FromMinutes(5);
    internal static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait a Retry-After answer gets; ACS throttles per 60 s window.</summary>
    internal static readonly TimeSpan MaxServerDelay = TimeSpan.FromSeconds(60);

    private const int MaxErrorTextLength = 200;

    private static readonly JsonWriterOptions BodyFormat = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Typed clients are transient; the token lives as long as the (singleton) credential it came from.
    private static readonly ConditionalWeakTable<TokenCredential, TokenCache> TokenCaches = [];

    private readonly HttpClient http;
    private readonly TimeProvider time;
    private readonly ILogger<AcsSmsSender> logger;
    private readonly string from;
    private readonly int maxAttempts;
    private readonly Uri sendUri;
    private readonly AcsConnectionString? connection;
    private readonly TokenCache? tokens;

    public AcsSmsSender(
        HttpClient httpClient, IOptions<SmsOptions> options, TimeProvider timeProvider, ILogger<AcsSmsSender> logger, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        http = httpClient;
        time = timeProvider;
        this.logger = logger;

        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.From))
        {
            throw new InvalidOperationException("Sms:From (Sms__From) must be the ACS sender number in E.164.");
        }

        from = settings.From;
        maxAttempts = Math.Max(1, settings.MaxAttempts);

        var hasConnectionString = !string.IsNullOrWhiteSpace(settings.ConnectionString);
        if (hasConnectionString == settings.Endpoint is not null)
        {
            throw new InvalidOperationException("Set exactly one of Sms:Endpoint (Sms__Endpoint) or Sms:ConnectionString (Sms__ConnectionString).");
        }

        if (hasConnectionString)
        {
            if (!AcsConnectionString.TryParse(settings.ConnectionString, out connection, out var error))
            {
                throw new InvalidOperationException($"Sms:ConnectionString (Sms__ConnectionString): {error}");
            }

            sendUri = SendUri(connection.Endpoint);
        }
        else
        {
            var endpoint = settings.Endpoint!;
            if (!AcsConnectionString.IsAllowedEndpoint(endpoint))
            {
                // The bearer token must not travel in the clear.
                throw new InvalidOperationException("Sms:Endpoint (Sms__Endpoint) must be an absolute https URI: https://<resource>.communication.azure.com.");
            }

            if (credential is null)
            {
                throw new InvalidOperationException("With Sms:Endpoint, ACS is reached with a Microsoft Entra token, and no TokenCredential was given.");
            }

            tokens = TokenCaches.GetValue(credential, static c => new TokenCache(c));
            sendUri = SendUri(endpoint);
        }
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

        // Fixed for the message: a retry with the same pair is recognised by ACS and not sent twice.
        var requestId = Guid.NewGuid();
        var firstSent = AcsRequestSigner.FormatDate(time.GetUtcNow());
        var body = Body(from, message, requestId, firstSent);

        for (var attempt = 1; ; attempt++)
        {
            TimeSpan delay;
            try
            {
                using var request = await CreateRequestAsync(body, cancellationToken);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    await ReadAcceptedAsync(response, message, recipient, attempt, cancellationToken);
                    return;
                }

                var error = await ReadErrorAsync(response, message, cancellationToken);
                if (!IsTransient(response.StatusCode))
                {
                    if (response.StatusCode == HttpStatusCode.Unauthorized && request.Headers.Authorization is { Scheme: "Bearer" } bearer)
                    {
                        tokens?.Forget(bearer.Parameter);
                    }

                    LogRefused(logger, recipient, status, error.Code, attempt);
                    throw new SmsDeliveryException($"ACS refused the SMS to {recipient}: HTTP {status}{error}.");
                }

                if (attempt >= maxAttempts)
                {
                    LogRefused(logger, recipient, status, error.Code, attempt);
                    throw new SmsDeliveryException($"ACS did not take the SMS to {recipient} in {attempt} attempts: last HTTP {status}{error}.");
                }

                delay = RetryDelay(response, attempt, time.GetUtcNow(), Random.Shared.NextDouble());
                LogRetrying(logger, status, error.Code, recipient, attempt, maxAttempts, delay);
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Transport failure or HttpClient timeout; the request may have reached ACS, which the repeatability pair covers.
                if (attempt >= maxAttempts)
                {
                    LogUnreachable(logger, e, recipient, attempt, maxAttempts);
                    throw new SmsDeliveryException($"ACS could not be reached to send the SMS to {recipient} in {attempt} attempts.", e);
                }

                delay = Backoff(attempt, Random.Shared.NextDouble());
                LogRetryingUnreachable(logger, e, recipient, attempt, maxAttempts, delay);
            }

            await Task.Delay(delay, time, cancellationToken);
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
    /// How long to wait before the next attempt: <c>retry-after-ms</c> (or <c>x-ms-retry-after-ms</c>), else
    /// <c>Retry-After</c> in seconds or as an HTTP date (at most <see cref="MaxServerDelay"/>), else <see cref="Backoff"/>.
    /// </summary>
    internal static TimeSpan RetryDelay(HttpResponseMessage response, int attempt, DateTimeOffset now, double jitter)
    {
        foreach (var name in (ReadOnlySpan<string>)["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (response.Headers.TryGetValues(name, out var values)
                && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
                && double.IsFinite(milliseconds))
            {
                return ServerDelay(TimeSpan.FromMilliseconds(Math.Clamp(milliseconds, 0, MaxServerDelay.TotalMilliseconds)));
            }
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return ServerDelay(delta);
            }

            if (retryAfter.Date is { } date)
            {
                return ServerDelay(date - now);
            }
        }

        return Backoff(attempt, jitter);
    }

    /// <summary>1 s, 2 s, 4 s … up to <see cref="MaxBackoff"/>, spread by ±20 % (<paramref name="jitter"/> in [0, 1)).</summary>
    internal static TimeSpan Backoff(int attempt, double jitter)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 16);
        var delay = TimeSpan.FromTicks(Math.Min(FirstBackoff.Ticks << exponent, MaxBackoff.Ticks));
        return delay * (0.8 + (0.4 * Math.Clamp(jitter, 0, 1)));
    }

    internal static Uri SendUri(Uri endpoint) => new($"{endpoint.AbsoluteUri.TrimEnd('/')}/sms?api-version={ApiVersion}");

    private static TimeSpan ServerDelay(TimeSpan delay) =>
        delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxServerDelay ? MaxServerDelay : delay;

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private async Task<HttpRequestMessage> CreateRequestAsync(byte[] body, CancellationToken cancellationToken)
    {
        // Fetch the token first, so a failure leaves no request behind.
        var token = tokens is null ? null : await GetTokenAsync(cancellationToken);

        var request = new HttpRequestMessage(HttpMethod.Post, sendUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (connection is not null)
        {
            // Signed on every attempt: ACS refuses a stale x-ms-date.
            var signature = AcsRequestSigner.Sign(HttpMethod.Post, sendUri, body, time.GetUtcNow(), connection.AccessKey);
            request.Headers.Add("x-ms-date", signature.Date);
            request.Headers.Add("x-ms-content-sha256", signature.ContentHash);
            request.Headers.Authorization = new AuthenticationHeaderValue(AcsRequestSigner.Scheme, signature.AuthorizationParameter);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await tokens!.GetAsync(time, cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationFailedException or RequestFailedException)
        {
            LogNoToken(logger, e);
            throw new SmsDeliveryException("No Microsoft Entra token for ACS could be obtained; check the app's managed identity.", e);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACS answered {Status} ({ErrorCode}) to the SMS to {Recipient} on attempt {Attempt} of {MaxAttempts}; retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, int status, string? errorCode, string recipient, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACS could not be reached for the SMS to {Recipient} on attempt {Attempt} of {MaxAttempts}; retrying in {Delay}")]
    private static partial void LogRetryingUnreachable(ILogger logger, Exception exception, string recipient, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "ACS could not be reached for the SMS to {Recipient} on attempt {Attempt} of {MaxAttempts}; giving up")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string recipient, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "ACS refused the SMS to {Recipient} with status {Status} ({ErrorCode}) on attempt {Attempt}")]
    private static partial void LogRefused(ILogger logger, string recipient, int status, string? errorCode, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "ACS did not accept the recipient {Recipient}: recipient status {RecipientStatus}, message {MessageId}, attempt {Attempt}")]
    private static partial void LogRecipientRejected(ILogger logger, string recipient, int? recipientStatus, string? messageId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "No Microsoft Entra token for ACS could be obtained")]
    private static partial void LogNoToken(ILogger logger, Exception exception);

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

    /// <summary>One token per credential, reused until <see cref="TokenRefreshMargin"/> before it expires.</summary>
    private sealed class TokenCache(TokenCredential credential)
    {
        private CachedToken? current;

        public async ValueTask<string> GetAsync(TimeProvider time, CancellationToken cancellationToken)
        {
            var cached = Volatile.Read(ref current);
            if (cached is not null && time.GetUtcNow() < cached.RefreshAt)
            {
                return cached.Token;
            }

            // Concurrent refreshes may both ask; the credential copes, and the last answer wins.
            var token = await credential.GetTokenAsync(new TokenRequestContext([TokenScope]), cancellationToken);
            Volatile.Write(ref current, new CachedToken(token.Token, token.ExpiresOn - TokenRefreshMargin));
            return token.Token;
        }

        /// <summary>Drops a token ACS refused, so the next message asks for a new one.</summary>
        public void Forget(string? token)
        {
            var cached = Volatile.Read(ref current);
            if (cached is not null && cached.Token == token)
            {
                Interlocked.CompareExchange(ref current, null, cached);
            }
        }
    }

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}
