using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace TaxIdentity.Core.Events;

/// <summary>
/// Moves outbox rows to the publisher and deletes them once sent. Right after a change it dispatches that
/// partition (best effort: a failure leaves the rows for the sweep); the timer function sweeps every table
/// that holds an outbox. Without a publisher the rows simply stay.
/// </summary>
public sealed partial class OutboxDispatcher(IEventPublisher publisher, ILogger<OutboxDispatcher> logger)
{
    public async Task DispatchPartitionAsync(TableClient table, string partitionKey, CancellationToken cancellationToken)
    {
        try
        {
            await DispatchAsync(table, OutboxEntity.InPartition(partitionKey), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeferred(logger, e);
        }
    }

    /// <summary>Every outbox row of the table (a scan, so only for the timer, never on a request path).</summary>
    public Task<int> SweepAsync(TableClient table, CancellationToken cancellationToken) =>
        DispatchAsync(table, OutboxEntity.Anywhere(), cancellationToken);

    private async Task<int> DispatchAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        if (!publisher.IsEnabled)
        {
            return 0;
        }

        var pending = new List<OutboxEntity>();
        await foreach (var row in table.QueryAsync<OutboxEntity>(filter, cancellationToken: cancellationToken))
        {
            pending.Add(row);
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        await publisher.PublishAsync([.. pending.Select(row => row.ToEvent())], cancellationToken);
        foreach (var row in pending)
        {
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Another dispatcher sent it too; duplicate detection on the topic drops the copy.
            }
        }

        return pending.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing from the outbox failed; the sweep will retry")]
    private static partial void LogDeferred(ILogger logger, Exception exception);
}
