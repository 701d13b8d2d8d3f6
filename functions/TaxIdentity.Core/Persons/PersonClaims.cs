using Azure;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Persons;

/// <summary>
/// Uniqueness claims on ID documents, phones and usernames. A claim is taken with AddEntity, so of two
/// concurrent claimants exactly one wins, and it changes hands only by an ETag-guarded replace of its row, so a
/// number moves between persons only through this index. A claim is free for another person when:
/// its person was never written (a crash between the claim and the profile) and it is older than
/// <see cref="AbandonedAfter"/>; its person deregistered and it is their ID document (phones and usernames are
/// released by the deregistration itself); or its person's row no longer holds the value, the claim is older than
/// <see cref="AbandonedAfter"/> and the row was last written more than <see cref="ReleaseGrace"/> ago (a release a
/// crash cut short). The age rules keep claims whose person is being written, and releases under way, safe.
/// </summary>
public sealed class PersonClaims(TableStore store, TimeProvider time)
{
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    /// <summary>How long after a person's row changed a value it dropped stays theirs: the time a release takes to follow its write.</summary>
    public static readonly TimeSpan ReleaseGrace = TimeSpan.FromMinutes(1);

    /// <summary>True when the key now belongs to the person (newly or already).</summary>
    public async Task<bool> TryClaimAsync(string key, string personId, CancellationToken cancellationToken)
    {
        var index = await store.GetTableAsync(TableNames.PersonIndex, cancellationToken);
        if (await index.TryAddAsync(new PersonIndexEntity { PartitionKey = key, PersonId = personId }, cancellationToken))
        {
            return true;
        }

        var existing = await index.FindAsync<PersonIndexEntity>(key, string.Empty, cancellationToken);
        if (existing is null)
        {
            return await index.TryAddAsync(new PersonIndexEntity { PartitionKey = key, PersonId = personId }, cancellationToken);
        }

        if (existing.PersonId != personId)
        {
            var persons = await store.GetTableAsync(TableNames.Persons, cancellationToken);
            var claimant = await persons.FindAsync<PersonEntity>(existing.PersonId, PersonEntity.ProfileRow, cancellationToken);
            if (!IsFree(key, existing, claimant))
            {
                return false;
            }

            existing.PersonId = personId;
        }

        // Taken over, or ours already: the ETag-guarded write fences off anyone taking the same row over meanwhile.
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

    /// <summary>
    /// Gives up a value the person's row has just stopped holding (that write came first), in one call: nobody can have
    /// taken the claim over since, because a claim whose person dropped the value stays theirs for <see cref="ReleaseGrace"/>.
    /// </summary>
    public async Task ReleaseDroppedAsync(string key, CancellationToken cancellationToken)
    {
        var index = await store.GetTableAsync(TableNames.PersonIndex, cancellationToken);
        await index.DeleteIfExistsAsync(key, string.Empty, cancellationToken);
    }

    private bool IsFree(string key, PersonIndexEntity claim, PersonEntity? claimant)
    {
        var now = time.GetUtcNow();
        var old = claim.Timestamp < now - AbandonedAfter;
        return claimant is null ? old
            : (claimant.PersonStatus == PersonStatus.Deregistered && PersonIndexEntity.IsDocumentKey(key))
                || (old && !claimant.Holds(key) && claimant.Timestamp < now - ReleaseGrace);
    }
}
