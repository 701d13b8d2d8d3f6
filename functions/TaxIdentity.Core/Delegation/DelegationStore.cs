using Azure.Data.Tables;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Events;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// Reads and writes the Delegations table. A request opens and closes in one transaction of its enterprise's partition
/// (the request, the open claim, the history record and the event together): that row is the truth. The person's copy
/// follows it (<see cref="DerivedCopy"/>); the due index lets the resume timer find open requests by expiry.
/// </summary>
public sealed class DelegationStore(TableStore store, TransactionalOutbox outbox)
{
    public async Task<DelegationRequestEntity?> FindAsync(string partition, DelegationSource source, string requestId, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).FindAsync<DelegationRequestEntity>(partition, DelegationKeys.Request(source, requestId), cancellationToken);

    /// <summary>The enterprise's row of a request: the truth.</summary>
    public Task<DelegationRequestEntity?> FindTruthAsync(string enterpriseId, DelegationSource source, string requestId, CancellationToken cancellationToken) =>
        FindAsync(DelegationKeys.Enterprise(enterpriseId), source, requestId, cancellationToken);

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

        var rows = await ToListAsync(table.QueryAsync<DelegationRequestEntity>(filter, cancellationToken: cancellationToken), cancellationToken);
        return [.. rows.OrderByDescending(row => row.CreatedAt)];
    }

    /// <summary>
    /// Writes a new request with its open claim and its event, its due-index row first (so no open request is missing
    /// from the index), then the person's copy; false when the person already has an open request there.
    /// </summary>
    public async Task<bool> OpenAsync(DelegationRequestEntity request, DomainEvent created, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var due = DueRequestEntity.For(request);
        await table.UpsertEntityAsync(due, TableUpdateMode.Replace, cancellationToken);
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
            await table.DeleteIfExistsAsync(due.PartitionKey, due.RowKey, cancellationToken);
            return false;
        }

        request.ETag = responses[0].Headers.ETag ?? request.ETag;
        await MirrorAsync(request, cancellationToken);
        return true;
    }

    /// <summary>
    /// Records the request's outcome under its ETag, releasing its open claim (which a pending request always has) and
    /// adding the history record, with the event. False when the request changed meanwhile: another answer won.
    /// </summary>
    public async Task<bool> CloseAsync(DelegationRequestEntity request, HistoryRecordEntity? record, DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var claim = new TableEntity(request.PartitionKey, DelegationKeys.OpenClaim(request.PersonId));
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, request, request.ETag),
            new(TableTransactionActionType.Delete, claim, Azure.ETag.All),
        };
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

    /// <summary>Makes the person's copy of the request follow the enterprise's row.</summary>
    public async Task MirrorAsync(DelegationRequestEntity enterpriseSide, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var copyKeys = (DelegationKeys.Person(enterpriseSide.PersonId), enterpriseSide.RowKey);
        await DerivedCopy.FollowAsync(
            table,
            enterpriseSide,
            truth => truth.CopyFor(copyKeys.Item1),
            copyKeys,
            () => FindTruthAsync(enterpriseSide.EnterpriseId, enterpriseSide.Kind, enterpriseSide.RequestId, cancellationToken),
            cancellationToken);
    }

    /// <summary>The due index's rows of requests that expire before <paramref name="before"/>: one range query of one partition.</summary>
    public async Task<IReadOnlyList<DueRequestEntity>> DueAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DelegationKeys.DuePartition} and RowKey lt {DelegationKeys.DueBefore(before)}");
        return await ToListAsync(table.QueryAsync<DueRequestEntity>(filter, cancellationToken: cancellationToken), cancellationToken);
    }

    /// <summary>Takes a request off the due index once its outcome and follow-up are done.</summary>
    public async Task RemoveDueAsync(DelegationRequestEntity request, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).DeleteIfExistsAsync(DelegationKeys.DuePartition, DelegationKeys.Due(request.ExpiresAt, request.RequestId), cancellationToken);

    public async Task RemoveDueAsync(DueRequestEntity due, CancellationToken cancellationToken) =>
        await (await TableAsync(cancellationToken)).DeleteIfExistsAsync(due.PartitionKey, due.RowKey, cancellationToken);

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

        var rows = await ToListAsync(table.QueryAsync<HistoryRecordEntity>(filter, cancellationToken: cancellationToken), cancellationToken);
        return [.. rows.OrderByDescending(row => row.At).ThenByDescending(row => row.RecordId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Deletes history records of one enterprise, up to 100 per transaction, the record of the clearing going in with the
    /// first batch (so no records go without it); a record already gone counts as deleted.
    /// </summary>
    public async Task ClearHistoryAsync(IReadOnlyList<HistoryRecordEntity> records, HistoryClearingEntity clearing, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var deletions = records.Select(record => new TableTransactionAction(TableTransactionActionType.Delete, record, Azure.ETag.All)).ToList();
        var batches = deletions.Chunk(99).Select((batch, i) => i == 0 ? [new TableTransactionAction(TableTransactionActionType.Add, clearing), .. batch] : batch).ToList();
        if (batches.Count == 0)
        {
            await table.AddEntityAsync(clearing, cancellationToken);
            return;
        }

        foreach (var batch in batches)
        {
            try
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                foreach (var action in batch)
                {
                    if (action.ActionType == TableTransactionActionType.Add)
                    {
                        await table.AddEntityAsync(action.Entity, cancellationToken);
                    }
                    else
                    {
                        await table.DeleteIfExistsAsync(action.Entity.PartitionKey, action.Entity.RowKey, cancellationToken);
                    }
                }
            }
        }
    }

    /// <summary>The enterprise's clearings of its history, newest first.</summary>
    public async Task<IReadOnlyList<HistoryClearingEntity>> ClearingsAsync(string enterpriseId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = DelegationKeys.PrefixFilter(DelegationKeys.Enterprise(enterpriseId), DelegationKeys.ClearingPrefix);
        return await ToListAsync(table.QueryAsync<HistoryClearingEntity>(filter, cancellationToken: cancellationToken), cancellationToken);
    }

    private static async Task<IReadOnlyList<T>> ToListAsync<T>(IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => store.GetTableAsync(TableNames.Delegations, cancellationToken);
}
