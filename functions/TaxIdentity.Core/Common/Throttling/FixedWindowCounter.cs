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
        var row = windowStart.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
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
}
