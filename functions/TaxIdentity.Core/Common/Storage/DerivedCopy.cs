using Azure.Data.Tables;

namespace TaxIdentity.Core.Common.Storage;

/// <summary>
/// design.md's "one authoritative side": writes the copy of a row that another row (the truth) decides. The copy is
/// written from a read of the truth, and the truth is read again afterwards; when it changed meanwhile the copy is
/// written again from what it is now. So whichever of several racing writers writes last also reads last, and leaves
/// the copy as the truth is (or gone with it): a stale writer can't recreate a removed row or undo a change.
/// </summary>
public static class DerivedCopy
{
    /// <summary>
    /// Makes the copy at <paramref name="copyKeys"/> follow <paramref name="truth"/> (null: the truth is gone), as read
    /// by <paramref name="readTruth"/>; <paramref name="truth"/> is what the caller just read or wrote, with its ETag.
    /// </summary>
    public static async Task FollowAsync<T>(
        TableClient table, T? truth, Func<T, ITableEntity> copyOf, (string PartitionKey, string RowKey) copyKeys, Func<Task<T?>> readTruth,
        CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        await TableClientExtensions.RetryOnRaceAsync<bool>(async () =>
        {
            if (truth is null)
            {
                await table.DeleteIfExistsAsync(copyKeys.PartitionKey, copyKeys.RowKey, cancellationToken);
            }
            else
            {
                await table.UpsertEntityAsync(copyOf(truth), TableUpdateMode.Replace, cancellationToken);
            }

            var now = await readTruth();
            if (now?.ETag == truth?.ETag)
            {
                return true;
            }

            truth = now;
            return null;
        });
    }
}
