using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Verification.Sms;

public sealed record DevelopmentSms(string Phone, string Message, DateTimeOffset SentAt);

public sealed class DevelopmentSmsEntity : TableRow
{
    public string Message { get; set; } = string.Empty;
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>
/// The development SMS provider: writes each message to the log and to a development inbox table that
/// GET /api/dev/sms reads, newest first. Start-up refuses it outside the Development environment.
/// </summary>
public sealed partial class DevelopmentSmsSender(TableStore store, TimeProvider time, ILogger<DevelopmentSmsSender> logger) : ISmsSender
{
    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var sentAt = time.GetUtcNow();
        var table = await store.GetTableAsync(TableNames.DevelopmentSms, cancellationToken);
        await table.AddEntityAsync(
            new DevelopmentSmsEntity
            {
                PartitionKey = TableKeys.Encode(message.To),
                RowKey = (DateTimeOffset.MaxValue.UtcTicks - sentAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..8],
                Message = message.Text,
                SentAt = sentAt,
            },
            cancellationToken);
        var phone = Mask.Phone(message.To);
        LogSent(logger, phone, message.Text);
    }

    public async Task<IReadOnlyList<DevelopmentSms>> InboxAsync(string phone, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.DevelopmentSms, cancellationToken);
        var messages = new List<DevelopmentSms>();
        var partition = TableKeys.Encode(phone);
        await foreach (var entity in table.QueryAsync<DevelopmentSmsEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: 50, cancellationToken: cancellationToken))
        {
            messages.Add(new DevelopmentSms(phone, entity.Message, entity.SentAt));
            if (messages.Count == 50)
            {
                break;
            }
        }

        return messages;
    }

    // Development only: the text (and its code) is logged on purpose so a developer can read it; the phone is masked.
    [LoggerMessage(Level = LogLevel.Information, Message = "Development SMS to {Phone}: {Text}")]
    private static partial void LogSent(ILogger logger, string phone, string text);
}
