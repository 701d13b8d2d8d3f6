using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Cleanup;

/// <summary>
/// A table of one-time rows: the filter for rows whose time property lies before a cutoff, and how long a
/// row is kept after that time.
/// </summary>
public sealed record ExpiringRows(string Table, Func<DateTimeOffset, string> ExpiredBefore, TimeSpan KeptFor);

/// <summary>
/// A8: deletes expired one-time rows (captchas, QR tickets, SMS codes, face checks, registration codes expired or
/// used, counters past their window, sessions past their absolute expiry, development SMS and face results older
/// than a day). Off the request path, on a timer.
/// Each table is read with one filtered query on its time property: Table Storage scans the table's rows for
/// it, so a sweep costs about one read transaction per 1,000 rows the tables hold, plus one delete per
/// expired row. The tables hold only what was issued within a lifetime, the grace and a sweep interval.
/// Rows without the property are never matched, so never deleted. Each delete carries the ETag the query
/// read, so a row renewed meanwhile (a code resent on its thread) is kept.
/// </summary>
public sealed partial class ExpiredRowCleanup(TableStore store, TimeProvider time, ILogger<ExpiredRowCleanup> logger)
{
    /// <summary>How long an expired row stays, so that a status read just after expiry still says "expired" and clocks may differ.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    /// <summary>How long the development SMS inbox keeps a message.</summary>
    public static readonly TimeSpan DevelopmentSmsKept = TimeSpan.FromDays(1);

    private const int ParallelDeletes = 8;

    public static IReadOnlyList<ExpiringRows> Tables { get; } =
    [
        new(TableNames.Captchas, cutoff => TableClient.CreateQueryFilter($"ExpiresAt lt {cutoff}"), Grace),
        new(TableNames.QrTickets, cutoff => TableClient.CreateQueryFilter($"ExpiresAt lt {cutoff}"), Grace),
        new(TableNames.SmsCodes, cutoff => TableClient.CreateQueryFilter($"ExpiresAt lt {cutoff}"), Grace),
        new(TableNames.FaceVerifications, cutoff => TableClient.CreateQueryFilter($"ExpiresAt lt {cutoff}"), Grace),
        new(TableNames.Counters, cutoff => TableClient.CreateQueryFilter($"WindowEnd lt {cutoff}"), Grace),
        new(TableNames.Sessions, cutoff => TableClient.CreateQueryFilter($"ExpiresAt lt {cutoff}"), Grace),
        new(TableNames.DevelopmentSms, cutoff => TableClient.CreateQueryFilter($"SentAt lt {cutoff}"), DevelopmentSmsKept),
        new(TableNames.RegistrationCodes, cutoff => TableClient.CreateQueryFilter($"ExpiresAt lt {cutoff} or UsedAt lt {cutoff}"), Grace),
        new(TableNames.DevelopmentFaceResults, cutoff => TableClient.CreateQueryFilter($"IssuedAt lt {cutoff}"), DevelopmentSmsKept),
    ];

    /// <summary>Sweeps every table once; returns how many rows were deleted.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var total = 0;
        foreach (var rows in Tables)
        {
            var deleted = await DeleteExpiredAsync(rows, now - rows.KeptFor, cancellationToken);
            if (deleted > 0)
            {
                LogDeleted(logger, deleted, rows.Table);
            }

            total += deleted;
        }

        return total;
    }

    private async Task<int> DeleteExpiredAsync(ExpiringRows rows, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(rows.Table, cancellationToken);
        var expired = table.QueryAsync<TableEntity>(rows.ExpiredBefore(cutoff), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        var deleted = 0;
        await Parallel.ForEachAsync(expired, new ParallelOptions { MaxDegreeOfParallelism = ParallelDeletes, CancellationToken = cancellationToken }, async (row, token) =>
        {
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, token);
                Interlocked.Increment(ref deleted);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Gone already, or renewed since the query read it.
            }
        });
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired rows from {Table}")]
    private static partial void LogDeleted(ILogger logger, int count, string table);
}
