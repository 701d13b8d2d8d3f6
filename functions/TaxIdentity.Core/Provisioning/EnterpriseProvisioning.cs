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
        await AssignAsync(enterpriseId, IdentityType.LegalRepresentative, legalRepresentative.Value.PersonId, cancellationToken);
        await AssignAsync(enterpriseId, IdentityType.FinancialOfficer, financialOfficer.Value.PersonId, cancellationToken);
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
    /// Gives the identity to the person and takes it from anyone else who held it, as a handler deletion does (history,
    /// handlerDeleted event, the former holder's sessions acting as it end on their next request).
    /// </summary>
    private async Task AssignAsync(string enterpriseId, IdentityType type, string personId, CancellationToken cancellationToken)
    {
        var holders = await identities.ListForEnterpriseAsync(enterpriseId, type, cancellationToken);
        if (holders.FirstOrDefault(holder => holder.PersonId == personId) is { } current)
        {
            // Rewrites the person's side too, which completes a grant a crash cut short.
            await identities.MirrorAsync(current, cancellationToken);
        }
        else
        {
            await identities.EnsureAsync(enterpriseId, personId, type, TaxFunctions.DefaultsFor(type), validUntil: null, cancellationToken);
        }

        foreach (var former in holders.Where(holder => holder.PersonId != personId))
        {
            await removal.RemoveAsync(former, by: null, cancellationToken);
        }
    }
}
