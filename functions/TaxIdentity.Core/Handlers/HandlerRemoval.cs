using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.Events;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Handlers;

/// <summary>
/// Ends a handler's identity (D5, and J1 when the tax office names a new legal representative or financial officer):
/// the history record first (its ID derived from the identity, so a retry writes it once), then the person's side,
/// then the enterprise's side with the handlerDeleted event in one transaction. The per-request identity check
/// ends the person's sessions acting as it on their very next request.
/// </summary>
public sealed class HandlerRemoval(IdentityStore identities, DelegationStore delegations, PersonDirectory persons, TimeProvider time)
{
    private const int MaxAttempts = 16;

    /// <summary>Removes the identity whose enterprise side is given; <paramref name="by"/> is the manager who deleted it, null when the tax office replaced the holder.</summary>
    public async Task RemoveAsync(IdentityEntity enterpriseSide, string? by, CancellationToken cancellationToken)
    {
        var person = await persons.FindAsync(enterpriseSide.PersonId, cancellationToken);
        await delegations.AddHistoryAsync(RecordOf(enterpriseSide, person?.Name ?? string.Empty, by), cancellationToken);
        var current = enterpriseSide;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await identities.RemoveAsync(current, DeletedEvent(current, by), cancellationToken))
            {
                return;
            }

            // Changed meanwhile (a PATCH): remove what is there now; gone: someone else removed it.
            var again = await identities.FindForEnterpriseAsync(current.EnterpriseId, current.Type, current.PersonId, cancellationToken);
            if (again is null)
            {
                return;
            }

            current = again;
        }

        throw new InvalidOperationException($"Handler {HandlerIds.Of(enterpriseSide.Type, enterpriseSide.PersonId)} kept changing while it was deleted.");
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
