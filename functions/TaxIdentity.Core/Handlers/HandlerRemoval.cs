using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.Events;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Handlers;

/// <summary>
/// Ends a handler's identity (D5, F9, and J1 when the tax office names a new legal representative or financial officer):
/// the history record first (its ID derived from the identity, so a retry writes it once), then the enterprise's side,
/// the truth, with the handlerDeleted event in one transaction, then the person's copy. The per-request identity
/// check reads the truth, so the person's sessions acting as it end on their very next request.
/// </summary>
public sealed class HandlerRemoval(IdentityStore identities, DelegationStore delegations, PersonDirectory persons, TimeProvider time)
{
    /// <summary>Removes the identity whose enterprise side is given; <paramref name="by"/> is the manager who deleted it, null when the tax office replaced the holder.</summary>
    public async Task RemoveAsync(IdentityEntity enterpriseSide, string? by, CancellationToken cancellationToken)
    {
        var person = await persons.FindAsync(enterpriseSide.PersonId, cancellationToken);
        await delegations.AddHistoryAsync(RecordOf(enterpriseSide, person?.Name ?? string.Empty, by), cancellationToken);
        IdentityEntity? current = enterpriseSide;
        await TableClientExtensions.RetryOnRaceAsync<bool>(async () =>
        {
            // Changed meanwhile (a PATCH): remove what is there now; gone: someone else removed it.
            current ??= await identities.FindForEnterpriseAsync(enterpriseSide.EnterpriseId, enterpriseSide.Type, enterpriseSide.PersonId, cancellationToken);
            if (current is null || await identities.RemoveAsync(current, DeletedEvent(current, by), cancellationToken))
            {
                return true;
            }

            current = null;
            return null;
        });
    }

    private HistoryRecordEntity RecordOf(IdentityEntity identity, string personName, string? by)
    {
        var recordId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{identity.EnterpriseId}|{identity.IdentityType}|{identity.PersonId}|{identity.GrantedAt.UtcTicks}")))[..32];
        return new HistoryRecordEntity
        {
            PartitionKey = DelegationKeys.Enterprise(identity.EnterpriseId),
            RowKey = DelegationKeys.History(recordId),
            RecordId = recordId,
            Kind = HistoryKind.Deleted.ToText(),
            Source = HistorySource.Handler.ToText(),
            PersonId = identity.PersonId,
            PersonName = personName,
            IdentityType = identity.IdentityType,
            At = time.GetUtcNow(),
            By = by,
        };
    }

    private DomainEvent DeletedEvent(IdentityEntity identity, string? by) => new(
        Ids.New(time),
        DelegationEventTypes.HandlerDeleted,
        HandlerIds.Of(identity.Type, identity.PersonId),
        time.GetUtcNow(),
        JsonSerializer.Serialize(
            new { enterpriseId = identity.EnterpriseId, personId = identity.PersonId, identityType = identity.IdentityType, by, byTaxOffice = by is null },
            JsonDefaults.Options));
}
