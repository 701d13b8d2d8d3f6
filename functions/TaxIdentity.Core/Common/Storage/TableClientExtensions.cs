using Azure;
using Azure.Data.Tables;

namespace TaxIdentity.Core.Common.Storage;

public static class TableClientExtensions
{
    private const int MaxOptimisticAttempts = 64;

    public static async Task<T?> FindAsync<T>(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Inserts the entity; returns false when one with the same keys exists (409).</summary>
    public static async Task<bool> TryAddAsync<T>(this TableClient table, T entity, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken);
            entity.ETag = response.Headers.ETag ?? entity.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the entity if nobody changed it since it was read; returns false on a lost race (412).</summary>
    public static async Task<bool> TryReplaceAsync<T>(this TableClient table, T entity, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        try
        {
            var response = await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            entity.ETag = response.Headers.ETag ?? entity.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Deletes the entity if it exists; a missing entity counts as deleted.</summary>
    public static async Task DeleteIfExistsAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    /// <summary>
    /// Runs a read-modify-write until it wins: <paramref name="attempt"/> returns null when it lost a race
    /// (409 or 412) and should read again.
    /// </summary>
    public static async Task<TResult> RetryOnRaceAsync<TResult>(Func<Task<TResult?>> attempt)
        where TResult : struct
    {
        for (var i = 0; i < MaxOptimisticAttempts; i++)
        {
            if (await attempt() is { } result)
            {
                return result;
            }

            // Jitter spreads out writers that keep colliding on one hot row.
            await Task.Delay(Random.Shared.Next(1, 5 + (2 * i)));
        }

        throw new InvalidOperationException($"Gave up after {MaxOptimisticAttempts} concurrent-update retries.");
    }
}
