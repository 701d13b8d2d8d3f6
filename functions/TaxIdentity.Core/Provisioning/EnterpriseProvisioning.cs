using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Handlers;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Provisioning;

/// <summary>
/// J1: creates or updates an enterprise with its legal representative and financial officer, and J2's
/// pre-provisioned persons. A legal representative or financial officer is never an account registered without
/// real-name proof. Every step is idempotent and re-reads before it writes, so the same PUT twice,
/// two concurrent PUTs, or a retry after a crash all end in the same state.
/// </summary>
public sealed class EnterpriseProvisioning(
    TableStore store, EnterpriseDirectory enterprises, PersonDirectory persons, IdentityStore identities, HandlerRemoval removal, TimeProvider time)
{
    public async Task<Outcome<EnterpriseSyncResult>> SyncAsync(string creditCode, EnterpriseSyncRequest request, CancellationToken cancellationToken)
    {
        var validated = ProvisioningValidation.Validate(creditCode, request);
        if (!validated.Succeeded)
        {
            return validated.Problem;
        }

        var sync = validated.Value;
        var legalRepresentative = await persons.EnsureAsync(sync.LegalRepresentative, cancellationToken);
        if (!legalRepresentative.Succeeded)
        {
            return legalRepresentative.Problem with { Detail = "legalRepresentative: " + legalRepresentative.Problem.Detail };
        }

        var financialOfficer = await persons.EnsureAsync(sync.FinancialOfficer, cancellationToken);
        if (!financialOfficer.Succeeded)
        {
            return financialOfficer.Problem with { Detail = "financialOfficer: " + financialOfficer.Problem.Detail };
        }

        if (SelfAsserted(("legalRepresentative", legalRepresentative.Value), ("financialOfficer", financialOfficer.Value)) is { } refused)
        {
            return refused;
        }

        var enterpriseId = await enterprises.ClaimIdAsync(sync.CreditCode, cancellationToken);
        await SaveProfileAsync(enterpriseId, sync, legalRepresentative.Value.PersonId, financialOfficer.Value.PersonId, cancellationToken);
        await SeatAsync(enterpriseId, cancellationToken);
        return new EnterpriseSyncResult(enterpriseId);
    }

    public async Task<Outcome<OperatorEnterpriseView>> GetAsync(string creditCode, CancellationToken cancellationToken)
    {
        var code = TaxpayerId.Normalize(creditCode, out var error);
        if (error is not null)
        {
            return Problem.Validation("creditCode", error);
        }

        var enterprise = await enterprises.FindByCreditCodeAsync(code!, cancellationToken);
        if (enterprise is null)
        {
            return Problem.NotFound("No enterprise has this credit code.");
        }

        return new OperatorEnterpriseView(
            enterprise.EnterpriseId, enterprise.CreditCode, enterprise.Name, EnumText.Parse<EnterpriseKind>(enterprise.Kind),
            enterprise.TaxAuthority, enterprise.RealNameVerified, enterprise.SubjectTypes,
            enterprise.LegalRepresentativeId, enterprise.FinancialOfficerId);
    }

    public async Task<Outcome<PersonProvisionResult>> ProvisionPersonAsync(
        string idType, string idNumber, PersonProvisionRequest request, CancellationToken cancellationToken)
    {
        var validated = ProvisioningValidation.Validate(idType, idNumber, request);
        if (!validated.Succeeded)
        {
            return validated.Problem;
        }

        var person = await persons.EnsureAsync(
            validated.Value,
            entity =>
            {
                entity.ExistingHousehold = request.ExistingHousehold!.Value;
                entity.RealNameLevel = request.RealNameLevel!.Value;
            },
            cancellationToken);
        return person.Succeeded ? new PersonProvisionResult(person.Value.PersonId, person.Value.PersonStatus) : person.Problem;
    }

    /// <summary>
    /// A legal representative or financial officer is never bound to an account whose holder only asserted the name
    /// and ID (registered before real-name proof was required): whoever typed someone else's ID would get the enterprise.
    /// </summary>
    private static Problem? SelfAsserted(params (string Role, PersonEntity Person)[] managers) =>
        managers.FirstOrDefault(manager => manager.Person.IsSelfAsserted) is { Person: not null } refused
            ? Problem.Conflict($"{refused.Role}: the account holding this ID was registered without real-name proof (a face check or a registration code); "
                + "it can't hold this identity until its holder proves the ID is theirs.")
            : null;

    private async Task SaveProfileAsync(
        string enterpriseId, EnterpriseSync sync, string legalRepresentativeId, string financialOfficerId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Enterprises, cancellationToken);
        await TableClientExtensions.RetryOnRaceAsync<bool>(async () =>
        {
            var now = time.GetUtcNow();
            var existing = await table.FindAsync<EnterpriseEntity>(enterpriseId, EnterpriseEntity.ProfileRow, cancellationToken);
            var profile = existing ?? new EnterpriseEntity { PartitionKey = enterpriseId, CreatedAt = now };
            profile.CreditCode = sync.CreditCode;
            profile.Name = sync.Name;
            profile.Kind = sync.Kind.ToText();
            profile.TaxAuthority = sync.TaxAuthority;
            profile.RealNameVerified = sync.RealNameVerified;
            profile.SpecificSubjectTypes = string.Join(',', sync.SpecificSubjectTypes.Select(type => type.ToText()));
            profile.LegalRepresentativeId = legalRepresentativeId;
            profile.FinancialOfficerId = financialOfficerId;
            profile.UpdatedAt = now;
            var saved = existing is null
                ? await table.TryAddAsync(profile, cancellationToken)
                : await table.TryReplaceAsync(profile, cancellationToken);
            return saved ? true : null;
        });
    }

    /// <summary>
    /// Makes the identities of the legal representative and the financial officer those the enterprise's profile names
    /// now: the seat's holder gets it, anyone else who holds it loses it as a handler deletion does (history,
    /// handlerDeleted event, their sessions acting as it end on their next request). Concurrent syncs each converge to
    /// the profile as read after their own writes (it is read again until it stays the same), so the last profile
    /// written decides and no former holder is left behind.
    /// </summary>
    private async Task SeatAsync(string enterpriseId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Enterprises, cancellationToken);
        var profile = await table.FindAsync<EnterpriseEntity>(enterpriseId, EnterpriseEntity.ProfileRow, cancellationToken);
        await TableClientExtensions.RetryOnRaceAsync<bool>(async () =>
        {
            await AssignAsync(enterpriseId, IdentityType.LegalRepresentative, profile!.LegalRepresentativeId, cancellationToken);
            await AssignAsync(enterpriseId, IdentityType.FinancialOfficer, profile.FinancialOfficerId, cancellationToken);
            var again = await table.FindAsync<EnterpriseEntity>(enterpriseId, EnterpriseEntity.ProfileRow, cancellationToken);
            if (again!.ETag == profile.ETag)
            {
                return true;
            }

            profile = again;
            return null;
        });
    }

    private async Task AssignAsync(string enterpriseId, IdentityType type, string personId, CancellationToken cancellationToken)
    {
        var holders = await identities.ListForEnterpriseAsync(enterpriseId, type, cancellationToken);
        if (holders.All(holder => holder.PersonId != personId))
        {
            await identities.EnsureAsync(enterpriseId, personId, type, TaxFunctions.DefaultsFor(type), validUntil: null, cancellationToken);
        }
        else
        {
            // Rewrites the person's copy too, which completes a grant a crash cut short.
            await identities.RepairCopyAsync(enterpriseId, type, personId, cancellationToken);
        }

        foreach (var former in holders.Where(holder => holder.PersonId != personId))
        {
            await removal.RemoveAsync(former, by: null, cancellationToken);
        }
    }
}
