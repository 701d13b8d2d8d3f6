using System.Globalization;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Common.Throttling;

/// <summary>The outcome of taking one unit: allowed, or refused with the seconds until the window ends.</summary>
public readonly record struct CounterResult(bool Allowed, int RetryAfterSeconds);

/// <summary>
/// Counts events per key in fixed windows, in Table Storage so that every instance of the app shares the
/// count. Increments are ETag-guarded, so concurrent requests can't both take the last unit.
/// </summary>
public sealed class FixedWindowCounter(TableStore store, TimeProvider time)
{
    public async Task<CounterResult> TryTakeAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
        var windowEnd = windowStart + window;
        var table = await store.GetTableAsync(TableNames.Counters, cancellationToken);
        var partition = TableKeys.Compose(key);
        var row = RowOf(windowStart);
        var retryAfter = (int)Math.Ceiling((windowEnd - now).TotalSeconds);

        return await TableClientExtensions.RetryOnRaceAsync<CounterResult>(async () =>
        {
            var counter = await table.FindAsync<CounterEntity>(partition, row, cancellationToken);
            if (counter is null)
            {
                var first = new CounterEntity { PartitionKey = partition, RowKey = row, Count = 1, WindowEnd = windowEnd };
                return await table.TryAddAsync(first, cancellationToken) ? new CounterResult(true, 0) : null;
            }

            if (counter.Count >= limit)
            {
                return new CounterResult(false, Math.Max(1, retryAfter));
            }

            counter.Count++;
            return await table.TryReplaceAsync(counter, cancellationToken) ? new CounterResult(true, 0) : null;
        });
    }

    /// <summary>How many were counted in the window that starts at <paramref name="windowStart"/>.</summary>
    public async Task<int> CountAsync(string key, DateTimeOffset windowStart, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Counters, cancellationToken);
        var counter = await table.FindAsync<CounterEntity>(TableKeys.Compose(key), RowOf(windowStart), cancellationToken);
        return counter?.Count ?? 0;
    }

    /// <summary>
    /// Counts one in the window, whatever the count already is: for events counted once they have happened, after
    /// <see cref="CountAsync"/> allowed them. ETag-guarded, so concurrent additions are all kept.
    /// </summary>
    public async Task AddAsync(string key, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Counters, cancellationToken);
        var partition = TableKeys.Compose(key);
        var row = RowOf(windowStart);
        await TableClientExtensions.RetryOnRaceAsync<bool>(async () =>
        {
            var counter = await table.FindAsync<CounterEntity>(partition, row, cancellationToken);
            if (counter is null)
            {
                return await table.TryAddAsync(new CounterEntity { PartitionKey = partition, RowKey = row, Count = 1, WindowEnd = windowEnd }, cancellationToken) ? true : null;
            }

            counter.Count++;
            return await table.TryReplaceAsync(counter, cancellationToken) ? true : null;
        });
    }

    private static string RowOf(DateTimeOffset windowStart) => windowStart.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
