using Azure.Data.Tables;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Common.Paging;

/// <summary>One page of rows and the cursor of the next page (null on the last page).</summary>
public sealed record RowPage<T>(IReadOnlyList<T> Rows, PageCursor? Next);

/// <summary>
/// Reads one page of a partition's rows between a cursor's row keys, in key order (newest first for logs keyed by
/// falling time): a single-partition range query, whatever the table holds besides. Filters the table can apply go into
/// the query (<c>serverFilter</c>); one it can't (a fuzzy name) is <c>keep</c>, applied to at most <c>scanLimit</c> rows
/// a request, after which the page may come back short with a cursor to go on from.
/// </summary>
public static class NewestFirstRange
{
    public static async Task<RowPage<T>> ReadAsync<T>(
        TableClient table, string partition, PageCursor cursor, string? serverFilter, Func<T, bool>? keep, int pageSize, int scanLimit,
        CancellationToken cancellationToken)
        where T : TableRow
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {cursor.After} and RowKey lt {cursor.Before}");
        if (serverFilter is not null)
        {
            filter += " and " + serverFilter;
        }

        // One row more than the page tells whether another page follows, without an empty last page.
        var rows = new List<T>();
        var scanned = 0;
        var query = table.QueryAsync<T>(filter, maxPerPage: keep is null ? pageSize + 1 : Math.Min(scanLimit, 1000), cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            if (keep is null || keep(row))
            {
                if (rows.Count == pageSize)
                {
                    return new RowPage<T>(rows, cursor with { After = rows[^1].RowKey });
                }

                rows.Add(row);
            }

            if (keep is not null && ++scanned >= scanLimit)
            {
                return new RowPage<T>(rows, cursor with { After = row.RowKey });
            }
        }

        return new RowPage<T>(rows, null);
    }
}
