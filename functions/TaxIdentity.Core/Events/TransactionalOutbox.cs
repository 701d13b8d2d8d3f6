using Azure.Data.Tables;

namespace TaxIdentity.Core.Events;

/// <summary>Writes a change and its event in one table transaction, then tries to publish right away.</summary>
public sealed class TransactionalOutbox(OutboxDispatcher dispatcher)
{
    /// <summary>
    /// Inserts (<paramref name="isNew"/>) or ETag-replaces the entity together with the event; false when the
    /// entity was there already or changed meanwhile (409/412), in which case nothing was written.
    /// </summary>
    public async Task<bool> SaveAsync<T>(TableClient table, T entity, bool isNew, DomainEvent domainEvent, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        TableTransactionAction[] actions =
        [
            isNew
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, entity.ETag),
            new TableTransactionAction(TableTransactionActionType.Add, OutboxEntity.For(entity.PartitionKey, domainEvent)),
        ];
        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken);
            entity.ETag = response.Value[0].Headers.ETag ?? entity.ETag;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }

        await dispatcher.DispatchPartitionAsync(table, entity.PartitionKey, cancellationToken);
        return true;
    }

    /// <summary>
    /// Submits the actions (all in one partition) together with the event in one transaction; null when one of them met
    /// a conflict (409, 412 or 404), in which case nothing was written. Otherwise the responses, in the actions' order.
    /// </summary>
    public async Task<IReadOnlyList<Azure.Response>?> SubmitAsync(
        TableClient table, IReadOnlyList<TableTransactionAction> actions, DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        var partitionKey = actions[0].Entity.PartitionKey;
        TableTransactionAction[] all = [.. actions, new TableTransactionAction(TableTransactionActionType.Add, OutboxEntity.For(partitionKey, domainEvent))];
        IReadOnlyList<Azure.Response> responses;
        try
        {
            responses = (await table.SubmitTransactionAsync(all, cancellationToken)).Value;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return null;
        }

        await dispatcher.DispatchPartitionAsync(table, partitionKey, cancellationToken);
        return responses;
    }
}
