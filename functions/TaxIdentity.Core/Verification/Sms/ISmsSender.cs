namespace TaxIdentity.Core.Verification.Sms;

/// <summary>One text message to one phone number (E.164).</summary>
public sealed record SmsMessage(string To, string Text, string Tag);

/// <summary>
/// Sends text messages. Azure Communication Services in Azure; a development inbox locally. Returns once the
/// provider accepted the message; a failure (the provider down, too slow, or refusing this recipient) throws
/// <see cref="SmsDeliveryException"/>.
/// </summary>
public interface ISmsSender
{
    Task SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>The message was not accepted. <see cref="RetryAfter"/> is the provider's own hint, when it gave one.</summary>
public sealed class SmsDeliveryException(string message, Exception? inner = null, TimeSpan? retryAfter = null) : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
