using Azure.Data.Tables;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Events;

namespace TaxIdentity.Core.Identities;

/// <summary>
/// Reads and writes identities. The enterprise's side is the truth: grants, changes and removals are decided there, in
/// one transaction with their event, and take effect at once (every check that lets someone act reads it). The
/// person's side is a copy for their own lists, written after every change as <see cref="DerivedCopy"/> writes it,
/// so racing writers leave it as the truth is.
/// </summary>
public sealed class IdentityStore(TableStore store, TransactionalOutbox outbox, TimeProvider time)
{
    /// <summary>The enterprise's identities, of one type or all (not the outbox rows or the grant markers in its partition).</summary>
    public async Task<IReadOnlyList<IdentityEntity>> ListForEnterpriseAsync(string enterpriseId, IdentityType? type, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var partition = IdentityEntity.EnterprisePartition(enterpriseId);
        var filter = type is { } only
            ? RowPrefixFilter(partition, TableKeys.Encode(only.ToText()) + "|")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {GrantMarkerEntity.RowPrefix}");
        var rows = await ToListAsync(table.QueryAsync<IdentityEntity>(filter, cancellationToken: cancellationToken), cancellationToken);
        return [.. rows.Where(row => !row.RowKey.StartsWith(OutboxEntity.RowPrefix, StringComparison.Ordinal))];
    }

    /// <summary>The enterprise's side of one identity: the truth.</summary>
    public async Task<IdentityEntity?> FindForEnterpriseAsync(string enterpriseId, IdentityType type, string personId, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).FindAsync<IdentityEntity>(
            IdentityEntity.EnterprisePartition(enterpriseId), IdentityEntity.EnterpriseRow(type, personId), cancellationToken);

    /// <summary>The person's copies of their identities, for their own lists; a reader about to act on one checks the truth.</summary>
    public async Task<IReadOnlyList<IdentityEntity>> ListForPersonAsync(string personId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IdentityEntity.PersonPartition(personId)}");
        return await ToListAsync(table.QueryAsync<IdentityEntity>(filter, cancellationToken: cancellationToken), cancellationToken);
    }

    /// <summary>Saves a change to the truth under its ETag with its event, then the copy; false when the truth changed or went meanwhile.</summary>
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
        await FollowAsync(enterpriseSide, enterpriseSide, cancellationToken);
        return true;
    }

    /// <summary>Removes the truth under its ETag with its event (it stops working at once), then the copy; false when the truth changed or went meanwhile.</summary>
    public async Task<bool> RemoveAsync(IdentityEntity enterpriseSide, DomainEvent removed, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var responses = await outbox.SubmitAsync(
            table, [new TableTransactionAction(TableTransactionActionType.Delete, enterpriseSide, enterpriseSide.ETag)], removed, cancellationToken);
        if (responses is null)
        {
            return false;
        }

        await FollowAsync(enterpriseSide, truth: null, cancellationToken);
        return true;
    }

    /// <summary>The tax office's seats (J1): grants the identity unless the person holds it; returns the stored identity.</summary>
    public async Task<IdentityEntity> EnsureAsync(
        string enterpriseId, string personId, IdentityType type, IReadOnlyList<string> functions, DateOnly? validUntil, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var identity = New(enterpriseId, personId, type, functions, validUntil, grantedBy: null);
        if (!await table.TryAddAsync(identity, cancellationToken))
        {
            identity = await FindForEnterpriseAsync(enterpriseId, type, personId, cancellationToken) ?? identity;
        }

        await FollowAsync(identity, identity, cancellationToken);
        return identity;
    }

    /// <summary>
    /// Grants the identity an invitation's or application's answer decided, keyed to that request: the identity and the
    /// request's grant marker go in one transaction, so a retry finds the marker and grants nothing again, even when
    /// the identity was deleted since. True when this call granted it.
    /// </summary>
    public async Task<bool> GrantAsync(
        string requestId, string enterpriseId, string personId, IdentityType type, IReadOnlyList<string> functions, DateOnly? validUntil, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var identity = New(enterpriseId, personId, type, functions, validUntil, requestId);
        var marker = new GrantMarkerEntity { PartitionKey = identity.PartitionKey, RowKey = GrantMarkerEntity.Row(requestId), GrantedAt = identity.GrantedAt };
        try
        {
            var responses = await table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, identity), new TableTransactionAction(TableTransactionActionType.Add, marker)], cancellationToken);
            identity.ETag = responses.Value[0].Headers.ETag ?? identity.ETag;
            await FollowAsync(identity, identity, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            // Either this request's grant was applied before (its marker is there), or the person holds the identity already.
            await table.TryAddAsync(marker, cancellationToken);
            await FollowAsync(identity, await FindForEnterpriseAsync(enterpriseId, type, personId, cancellationToken), cancellationToken);
            return false;
        }
    }

    /// <summary>Brings the person's copy of the identity in line with the truth (read now), e.g. when a reader found a stale copy.</summary>
    public async Task RepairCopyAsync(string enterpriseId, IdentityType type, string personId, CancellationToken cancellationToken)
    {
        var truth = await FindForEnterpriseAsync(enterpriseId, type, personId, cancellationToken);
        await FollowAsync(New(enterpriseId, personId, type, [], null, null), truth, cancellationToken);
    }

    private IdentityEntity New(string enterpriseId, string personId, IdentityType type, IReadOnlyList<string> functions, DateOnly? validUntil, string? grantedBy) => new()
    {
        PartitionKey = IdentityEntity.EnterprisePartition(enterpriseId),
        RowKey = IdentityEntity.EnterpriseRow(type, personId),
        EnterpriseId = enterpriseId,
        PersonId = personId,
        IdentityType = type.ToText(),
        Functions = string.Join(',', functions),
        ValidUntil = validUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        GrantedAt = time.GetUtcNow(),
        GrantedBy = grantedBy,
    };

    /// <summary>Makes the person's copy of <paramref name="identity"/> follow <paramref name="truth"/> (null: removed).</summary>
    private async Task FollowAsync(IdentityEntity identity, IdentityEntity? truth, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var copyKeys = (IdentityEntity.PersonPartition(identity.PersonId), IdentityEntity.PersonRow(identity.EnterpriseId, identity.Type));
        await DerivedCopy.FollowAsync(
            table,
            truth,
            current => current.CopyFor(copyKeys.Item1, copyKeys.Item2),
            copyKeys,
            () => FindForEnterpriseAsync(identity.EnterpriseId, identity.Type, identity.PersonId, cancellationToken),
            cancellationToken);
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
