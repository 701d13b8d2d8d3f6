using Azure.Data.Tables;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Events;

namespace TaxIdentity.Core.Identities;

/// <summary>
/// Reads and writes identities on both sides. Grants write the enterprise side first; revocations remove
/// the person side first, so a crash between the two never leaves a person able to act without the
/// enterprise seeing it. Both orders are idempotent, so a retry completes them.
/// </summary>
public sealed class IdentityStore(TableStore store, TransactionalOutbox outbox, TimeProvider time)
{
    public async Task<IReadOnlyList<IdentityEntity>> ListForEnterpriseAsync(string enterpriseId, IdentityType? type, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var partition = IdentityEntity.EnterprisePartition(enterpriseId);
        var filter = type is { } only
            ? RowPrefixFilter(partition, TableKeys.Encode(only.ToText()) + "|")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");

        // The enterprise's partition also holds the outbox rows of handler changes.
        var rows = await ToListAsync(table.QueryAsync<IdentityEntity>(filter, cancellationToken: cancellationToken), cancellationToken);
        return [.. rows.Where(row => !row.RowKey.StartsWith(OutboxEntity.RowPrefix, StringComparison.Ordinal))];
    }

    /// <summary>The enterprise's side of one identity: the one that decides (handler management reads and changes it).</summary>
    public async Task<IdentityEntity?> FindForEnterpriseAsync(string enterpriseId, IdentityType type, string personId, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).FindAsync<IdentityEntity>(
            IdentityEntity.EnterprisePartition(enterpriseId), IdentityEntity.EnterpriseRow(type, personId), cancellationToken);

    /// <summary>
    /// The person's side of one identity: written last on a grant and removed first on a revocation, so it exists only
    /// while the identity may be used (the per-request check reads it).
    /// </summary>
    public async Task<IdentityEntity?> FindForPersonAsync(string personId, string enterpriseId, IdentityType type, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).FindAsync<IdentityEntity>(
            IdentityEntity.PersonPartition(personId), IdentityEntity.PersonRow(enterpriseId, type), cancellationToken);

    /// <summary>Saves a change to the enterprise's side under its ETag with its event, then the person's side; false when it changed meanwhile.</summary>
    public async Task<bool> UpdateAsync(IdentityEntity enterpriseSide, DomainEvent changed, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var responses = await outbox.SubmitAsync(
            table, [new TableTransactionAction(TableTransactionActionType.UpdateReplace, enterpriseSide, enterpriseSide.ETag)], changed, cancellationToken);
        if (responses is null)
        {
            return false;
        }

        enterpriseSide.ETag = responses[0].Headers.ETag ?? enterpriseSide.ETag;
        await MirrorAsync(enterpriseSide, cancellationToken);
        return true;
    }

    /// <summary>
    /// Removes the identity: the person's side first (it stops working at once), then the enterprise's side under its ETag
    /// with its event; false when the enterprise's side changed or went meanwhile (the person's side is gone either way).
    /// </summary>
    public async Task<bool> RemoveAsync(IdentityEntity enterpriseSide, DomainEvent removed, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.DeleteIfExistsAsync(
            IdentityEntity.PersonPartition(enterpriseSide.PersonId), IdentityEntity.PersonRow(enterpriseSide.EnterpriseId, enterpriseSide.Type), cancellationToken);
        var responses = await outbox.SubmitAsync(
            table, [new TableTransactionAction(TableTransactionActionType.Delete, enterpriseSide, enterpriseSide.ETag)], removed, cancellationToken);
        return responses is not null;
    }

    public async Task<IReadOnlyList<IdentityEntity>> ListForPersonAsync(string personId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var partition = IdentityEntity.PersonPartition(personId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        return await ToListAsync(table.QueryAsync<IdentityEntity>(filter, cancellationToken: cancellationToken), cancellationToken);
    }

    /// <summary>Grants the identity unless the person already holds it; returns the stored identity.</summary>
    public async Task<IdentityEntity> EnsureAsync(
        string enterpriseId, string personId, IdentityType type, IReadOnlyList<string> functions, DateOnly? validUntil, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var identity = new IdentityEntity
        {
            PartitionKey = IdentityEntity.EnterprisePartition(enterpriseId),
            RowKey = IdentityEntity.EnterpriseRow(type, personId),
            EnterpriseId = enterpriseId,
            PersonId = personId,
            IdentityType = type.ToText(),
            Functions = string.Join(',', functions),
            ValidUntil = validUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            GrantedAt = time.GetUtcNow(),
        };
        if (!await table.TryAddAsync(identity, cancellationToken))
        {
            identity = (await table.FindAsync<IdentityEntity>(identity.PartitionKey, identity.RowKey, cancellationToken))!;
        }

        await MirrorAsync(identity, cancellationToken);
        return identity;
    }

    /// <summary>Writes the person's side from the enterprise's side, which is the one that decides.</summary>
    public async Task MirrorAsync(IdentityEntity enterpriseSide, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var personSide = enterpriseSide.CopyFor(
            IdentityEntity.PersonPartition(enterpriseSide.PersonId), IdentityEntity.PersonRow(enterpriseSide.EnterpriseId, enterpriseSide.Type));
        await table.UpsertEntityAsync(personSide, TableUpdateMode.Replace, cancellationToken);
    }

    private static string RowPrefixFilter(string partition, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {TableKeys.PrefixEnd(prefix)}");

    private static async Task<IReadOnlyList<T>> ToListAsync<T>(IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => store.GetTableAsync(TableNames.Identities, cancellationToken);
}
