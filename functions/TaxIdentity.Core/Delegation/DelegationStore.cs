using Azure.Data.Tables;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Events;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// Reads and writes the Delegations table. A request opens and closes in one transaction of its enterprise's partition
/// (the request, the open claim, the history record and the event together); the person's copy follows.
/// </summary>
public sealed class DelegationStore(TableStore store, TransactionalOutbox outbox)
{
    public async Task<DelegationRequestEntity?> FindAsync(string partition, DelegationSource source, string requestId, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).FindAsync<DelegationRequestEntity>(partition, DelegationKeys.Request(source, requestId), cancellationToken);

    /// <summary>A partition's requests of one source, newest first; <paramref name="pendingOnly"/> keeps those still waiting.</summary>
    public async Task<IReadOnlyList<DelegationRequestEntity>> ListAsync(
        string partition, DelegationSource source, IdentityType? type, bool pendingOnly, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var prefix = DelegationKeys.RequestPrefix(source);
        var filter = DelegationKeys.PrefixFilter(partition, prefix);
        if (pendingOnly)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {DelegationStatus.Pending.ToText()}");
        }

        if (type is { } only)
        {
            filter += " and " + TableClient.CreateQueryFilter($"IdentityType eq {only.ToText()}");
        }

        var rows = new List<DelegationRequestEntity>();
        await foreach (var row in table.QueryAsync<DelegationRequestEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return [.. rows.OrderByDescending(row => row.CreatedAt)];
    }

    public async Task<OpenRequestEntity?> FindOpenAsync(string enterpriseId, string personId, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).FindAsync<OpenRequestEntity>(
            DelegationKeys.Enterprise(enterpriseId), DelegationKeys.OpenClaim(personId), cancellationToken);

    /// <summary>Writes a new request with its open claim and its event; false when the person already has an open request there.</summary>
    public async Task<bool> OpenAsync(DelegationRequestEntity request, DomainEvent created, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var claim = new OpenRequestEntity
        {
            PartitionKey = request.PartitionKey,
            RowKey = DelegationKeys.OpenClaim(request.PersonId),
            RequestId = request.RequestId,
            Source = request.Source,
        };
        var responses = await outbox.SubmitAsync(
            table,
            [new TableTransactionAction(TableTransactionActionType.Add, request), new TableTransactionAction(TableTransactionActionType.Add, claim)],
            created,
            cancellationToken);
        if (responses is null)
        {
            return false;
        }

        request.ETag = responses[0].Headers.ETag ?? request.ETag;
        return true;
    }

    /// <summary>
    /// Records the request's outcome under its ETag, releasing its open claim and adding the history record, with the event.
    /// False when the request changed meanwhile (another execution got there first).
    /// </summary>
    public async Task<bool> CloseAsync(
        DelegationRequestEntity request, OpenRequestEntity? claim, HistoryRecordEntity? record, DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, request, request.ETag) };
        if (claim is not null && claim.RequestId == request.RequestId)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, claim, claim.ETag));
        }

        if (record is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, record));
        }

        var responses = await outbox.SubmitAsync(table, actions, domainEvent, cancellationToken);
        if (responses is null)
        {
            return false;
        }

        request.ETag = responses[0].Headers.ETag ?? request.ETag;
        return true;
    }

    /// <summary>Writes the person's copy from the enterprise's row, which decides; idempotent.</summary>
    public async Task MirrorAsync(DelegationRequestEntity enterpriseSide, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.UpsertEntityAsync(enterpriseSide.CopyFor(DelegationKeys.Person(enterpriseSide.PersonId)), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Every pending request that expired before <paramref name="before"/> (a scan across enterprises: for the timer only).</summary>
    public async Task<IReadOnlyList<DelegationRequestEntity>> OverdueAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var enterprises = "ent|";
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {enterprises} and PartitionKey lt {TableKeys.PrefixEnd(enterprises)} and Status eq {DelegationStatus.Pending.ToText()} and ExpiresAt lt {before}");
        var rows = new List<DelegationRequestEntity>();
        await foreach (var row in table.QueryAsync<DelegationRequestEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(DelegationKeys.RequestPrefix(DelegationSource.Invitation), StringComparison.Ordinal)
                || row.RowKey.StartsWith(DelegationKeys.RequestPrefix(DelegationSource.Application), StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>Adds a history record unless one with its ID exists (a retried deletion writes it once).</summary>
    public async Task AddHistoryAsync(HistoryRecordEntity record, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).TryAddAsync(record, cancellationToken);

    public async Task<IReadOnlyList<HistoryRecordEntity>> HistoryAsync(string enterpriseId, HistoryKind? kind, IdentityType? type, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = DelegationKeys.PrefixFilter(DelegationKeys.Enterprise(enterpriseId), DelegationKeys.HistoryPrefix);
        if (kind is { } onlyKind)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Kind eq {onlyKind.ToText()}");
        }

        if (type is { } onlyType)
        {
            filter += " and " + TableClient.CreateQueryFilter($"IdentityType eq {onlyType.ToText()}");
        }

        var rows = new List<HistoryRecordEntity>();
        await foreach (var row in table.QueryAsync<HistoryRecordEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return [.. rows.OrderByDescending(row => row.At).ThenByDescending(row => row.RecordId, StringComparer.Ordinal)];
    }

    /// <summary>Deletes history records of one enterprise, up to 100 per transaction; a record already gone counts as deleted.</summary>
    public async Task DeleteHistoryAsync(IReadOnlyList<HistoryRecordEntity> records, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        foreach (var batch in records.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(batch.Select(record => new TableTransactionAction(TableTransactionActionType.Delete, record, Azure.ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                foreach (var record in batch)
                {
                    await table.DeleteIfExistsAsync(record.PartitionKey, record.RowKey, cancellationToken);
                }
            }
        }
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => store.GetTableAsync(TableNames.Delegations, cancellationToken);
}
