namespace TaxIdentity.Core.Verification.Sms;

/// <summary>One text message to one phone number (E.164).</summary>
public sealed record SmsMessage(string To, string Text, string Tag);

/// <summary>
/// Sends text messages. Azure Communication Services in Azure; a development inbox locally. A failure
/// (including the service refusing this recipient) throws <see cref="SmsDeliveryException"/>.
/// </summary>
public interface ISmsSender
{
    Task SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

public sealed class SmsDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
