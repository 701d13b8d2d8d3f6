using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.Enterprises;

namespace TaxIdentity.Core.Handlers;

/// <summary>D7: the enterprise's history of deleted, withdrawn, rejected and expired records, filtered, and clearing it.</summary>
public sealed class HistoryService(DelegationStore store)
{
    public async Task<Outcome<HistoryRecordView[]>> ListAsync(Caller caller, string? kind, string? identityType, string? name, CancellationToken cancellationToken)
    {
        var matching = await MatchingAsync(caller, kind, identityType, name, cancellationToken);
        return matching.Succeeded
            ? matching.Value.Select(record => new HistoryRecordView(
                record.RecordId, record.HistoryKind, record.HistorySource, Mask.PersonName(record.PersonName), record.Type, record.At)).ToArray()
            : matching.Problem;
    }

    /// <summary>Deletes the records the same filters select (all of them without filters).</summary>
    public async Task<Outcome<Done>> ClearAsync(Caller caller, string? kind, string? identityType, string? name, CancellationToken cancellationToken)
    {
        var matching = await MatchingAsync(caller, kind, identityType, name, cancellationToken);
        if (!matching.Succeeded)
        {
            return matching.Problem;
        }

        await store.DeleteHistoryAsync(matching.Value, cancellationToken);
        return Done.Value;
    }

    private async Task<Outcome<HistoryRecordEntity[]>> MatchingAsync(Caller caller, string? kind, string? identityType, string? name, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller, TaxFunctions.HandlerManagement);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var filter = ListFilter.Parse(identityType, name, kind);
        if (!filter.Succeeded)
        {
            return filter.Problem;
        }

        var records = await store.HistoryAsync(actor.Value.EnterpriseId, filter.Value.Kind, filter.Value.IdentityType, cancellationToken);
        return records.Where(record => filter.Value.MatchesName(record.PersonName)).ToArray();
    }
}
