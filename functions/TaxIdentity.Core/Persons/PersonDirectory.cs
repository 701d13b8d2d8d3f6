using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Persons;

/// <summary>A person as the tax office names them: name and identity document, maybe a phone on file.</summary>
public sealed record PersonDetails(string Name, IdType IdType, string IdNumber, string? Phone);

/// <summary>Finds persons by identity document and pre-provisions the ones the tax office names first.</summary>
public sealed class PersonDirectory(TableStore store, TimeProvider time)
{
    public async Task<PersonEntity?> FindByDocumentAsync(IdType type, string idNumber, CancellationToken cancellationToken)
    {
        var index = await (await IndexAsync(cancellationToken))
            .FindAsync<PersonIndexEntity>(PersonIndexEntity.ForDocument(type, idNumber), string.Empty, cancellationToken);
        return index is null ? null : await FindAsync(index.PersonId, cancellationToken);
    }

    public async Task<PersonEntity?> FindAsync(string personId, CancellationToken cancellationToken) =>
        await (await PersonsAsync(cancellationToken)).FindAsync<PersonEntity>(personId, PersonEntity.ProfileRow, cancellationToken);

    /// <summary>
    /// Returns the person holding the document, creating a provisioned one when there is none. A person
    /// who has not registered yet takes the tax office's name and phone; a registered person's name must match.
    /// The index claim is written before the profile, so a crash between them is completed by the next call.
    /// </summary>
    public Task<Outcome<PersonEntity>> EnsureAsync(PersonDetails details, CancellationToken cancellationToken) =>
        EnsureAsync(details, person => { }, cancellationToken);

    public async Task<Outcome<PersonEntity>> EnsureAsync(PersonDetails details, Action<PersonEntity> amend, CancellationToken cancellationToken)
    {
        var index = await IndexAsync(cancellationToken);
        var persons = await PersonsAsync(cancellationToken);
        var key = PersonIndexEntity.ForDocument(details.IdType, details.IdNumber);
        return await TableClientExtensions.RetryOnRaceAsync<Outcome<PersonEntity>>(async () =>
        {
            var claim = await index.FindAsync<PersonIndexEntity>(key, string.Empty, cancellationToken);
            if (claim is null)
            {
                claim = new PersonIndexEntity { PartitionKey = key, PersonId = Ids.New(time) };
                if (!await index.TryAddAsync(claim, cancellationToken))
                {
                    return null;
                }
            }

            var person = await persons.FindAsync<PersonEntity>(claim.PersonId, PersonEntity.ProfileRow, cancellationToken);
            if (person?.PersonStatus == PersonStatus.Deregistered)
            {
                // Deregistration freed the ID (F9): the tax office's person is a new one, activated by registering again.
                claim.PersonId = Ids.New(time);
                if (!await index.TryReplaceAsync(claim, cancellationToken))
                {
                    return null;
                }

                person = null;
            }

            if (person is null)
            {
                person = NewProvisioned(claim.PersonId, details);
                amend(person);
                return await persons.TryAddAsync(person, cancellationToken) ? (Outcome<PersonEntity>?)person : null;
            }

            return await UpdateAsync(persons, person, details, amend, cancellationToken);
        });
    }

    private async Task<Outcome<PersonEntity>?> UpdateAsync(
        Azure.Data.Tables.TableClient persons, PersonEntity person, PersonDetails details, Action<PersonEntity> amend, CancellationToken cancellationToken)
    {
        var provisioned = person.PersonStatus == PersonStatus.Provisioned;
        if (!provisioned && !string.Equals(person.Name, details.Name, StringComparison.Ordinal))
        {
            return Problem.Conflict("The name does not match the registered person holding this ID number.");
        }

        var before = (person.Name, person.PhoneOnFile, person.ExistingHousehold, person.RealNameLevel);
        if (provisioned)
        {
            person.Name = details.Name;
            person.PhoneOnFile = details.Phone ?? person.PhoneOnFile;
        }

        amend(person);
        if (before == (person.Name, person.PhoneOnFile, person.ExistingHousehold, person.RealNameLevel))
        {
            return person;
        }

        person.UpdatedAt = time.GetUtcNow();
        return await persons.TryReplaceAsync(person, cancellationToken) ? (Outcome<PersonEntity>?)person : null;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the person and saves it under its ETag, starting from the copy the
    /// caller already holds and re-reading only when someone else changed the row meanwhile. The change
    /// returns false when there is nothing to save. Null when the person no longer exists.
    /// </summary>
    public async Task<PersonEntity?> UpdateAsync(PersonEntity known, Func<PersonEntity, bool> change, CancellationToken cancellationToken)
    {
        var table = await PersonsAsync(cancellationToken);
        PersonEntity? current = known;
        var updated = await TableClientExtensions.RetryOnRaceAsync<Outcome<PersonEntity>>(async () =>
        {
            current ??= await table.FindAsync<PersonEntity>(known.PartitionKey, PersonEntity.ProfileRow, cancellationToken);
            if (current is null)
            {
                return Problem.NotFound("No such person.");
            }

            if (!change(current) || await table.TryReplaceAsync(current, cancellationToken))
            {
                return current;
            }

            current = null;
            return null;
        });
        return updated.Succeeded ? updated.Value : null;
    }

    private PersonEntity NewProvisioned(string personId, PersonDetails details)
    {
        var now = time.GetUtcNow();
        return new PersonEntity
        {
            PartitionKey = personId,
            Name = details.Name,
            IdType = details.IdType.ToText(),
            IdNumber = details.IdNumber,
            Status = PersonStatus.Provisioned.ToText(),
            PhoneOnFile = details.Phone,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private Task<Azure.Data.Tables.TableClient> IndexAsync(CancellationToken cancellationToken) =>
        store.GetTableAsync(TableNames.PersonIndex, cancellationToken);

    private Task<Azure.Data.Tables.TableClient> PersonsAsync(CancellationToken cancellationToken) =>
        store.GetTableAsync(TableNames.Persons, cancellationToken);
}
