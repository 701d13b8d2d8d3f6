using System.Text.Json;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Events;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Profile;

/// <summary>
/// Every personal-information change is one ETag-guarded write of the person's row, starting from the copy the request
/// already read (authentication reads it) and re-reading only when someone else changed the row meanwhile; the change
/// decides against the row as it is, so rules spanning the row (one default phone, never the sole phone) hold under
/// concurrent requests. A change that matters writes its event into the outbox in the same transaction.
/// </summary>
public sealed class ProfileWriter(TableStore store, TransactionalOutbox outbox, TimeProvider time)
{
    /// <summary>
    /// Applies <paramref name="change"/> (a problem refuses it, nothing is written) and saves, with an event of
    /// <paramref name="eventType"/> whose data is <paramref name="eventData"/> when a type is given.
    /// </summary>
    public async Task<Outcome<PersonEntity>> SaveAsync(
        PersonEntity known, Func<PersonEntity, Problem?> change, string? eventType, Func<PersonEntity, object>? eventData, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Persons, cancellationToken);
        PersonEntity? current = known;
        return await TableClientExtensions.RetryOnRaceAsync<Outcome<PersonEntity>>(async () =>
        {
            current ??= await table.FindAsync<PersonEntity>(known.PartitionKey, PersonEntity.ProfileRow, cancellationToken);
            if (current is null || current.PersonStatus != PersonStatus.Active)
            {
                return Problem.Unauthenticated("The account has ended; sign in again.");
            }

            if (change(current) is { } refused)
            {
                return refused;
            }

            var now = time.GetUtcNow();
            current.UpdatedAt = now;
            var saved = eventType is null
                ? await table.TryReplaceAsync(current, cancellationToken)
                : await outbox.SaveAsync(table, current, isNew: false, new DomainEvent(
                    Ids.New(time), eventType, current.PersonId, now, JsonSerializer.Serialize(eventData?.Invoke(current) ?? new { personId = current.PersonId }, JsonDefaults.Options)),
                    cancellationToken);
            if (saved)
            {
                return current;
            }

            current = null;
            return null;
        });
    }
}
