using Azure;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Persons;

/// <summary>
/// Uniqueness claims on ID documents, phones and usernames. A claim is taken with AddEntity, so of two
/// concurrent claimants exactly one wins. A claim whose person was never written (a crash between the
/// claim and the profile) is taken over once it is older than <see cref="AbandonedAfter"/>.
/// </summary>
public sealed class PersonClaims(TableStore store, TimeProvider time)
{
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    /// <summary>True when the key now belongs to the person (newly or already).</summary>
    public async Task<bool> TryClaimAsync(string key, string personId, CancellationToken cancellationToken)
    {
        var index = await store.GetTableAsync(TableNames.PersonIndex, cancellationToken);
        var persons = await store.GetTableAsync(TableNames.Persons, cancellationToken);
        if (await index.TryAddAsync(new PersonIndexEntity { PartitionKey = key, PersonId = personId }, cancellationToken))
        {
            return true;
        }

        var existing = await index.FindAsync<PersonIndexEntity>(key, string.Empty, cancellationToken);
        if (existing is null || existing.PersonId == personId)
        {
            return existing is not null || await index.TryAddAsync(new PersonIndexEntity { PartitionKey = key, PersonId = personId }, cancellationToken);
        }

        var abandoned = existing.Timestamp < time.GetUtcNow() - AbandonedAfter
            && await persons.FindAsync<PersonEntity>(existing.PersonId, PersonEntity.ProfileRow, cancellationToken) is null;
        if (!abandoned)
        {
            return false;
        }

        existing.PersonId = personId;
        return await index.TryReplaceAsync(existing, cancellationToken);
    }

    /// <summary>Gives the key up if the person still holds it.</summary>
    public async Task ReleaseAsync(string key, string personId, CancellationToken cancellationToken)
    {
        var index = await store.GetTableAsync(TableNames.PersonIndex, cancellationToken);
        var existing = await index.FindAsync<PersonIndexEntity>(key, string.Empty, cancellationToken);
        if (existing?.PersonId != personId)
        {
            return;
        }

        try
        {
            await index.DeleteEntityAsync(key, string.Empty, existing.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
        }
    }
}
