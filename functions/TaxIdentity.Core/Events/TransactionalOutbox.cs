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
}
