using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.Enterprises;

namespace TaxIdentity.Core.Handlers;

/// <summary>
/// D7 and D11: the enterprise's history of deleted, withdrawn, rejected and expired records, filtered; clearing exactly
/// what the filters select (named explicitly: an empty filter value is an error, clearing everything says all=true),
/// each clearing recorded with the deletions it made, for the legal representative and the financial officer only.
/// </summary>
public sealed class HistoryService(DelegationStore store, TimeProvider time)
{
    public async Task<Outcome<HistoryRecordView[]>> ListAsync(Caller caller, string? kind, string? identityType, string? name, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var filter = ListFilter.Parse(identityType, name, kind);
        return filter.Succeeded
            ? (await MatchingAsync(actor.Value.EnterpriseId, filter.Value, cancellationToken)).Select(record => new HistoryRecordView(
                record.RecordId, record.HistoryKind, record.HistorySource, Mask.PersonName(record.PersonName), record.Type, record.At, record.Reason)).ToArray()
            : filter.Problem;
    }

    /// <summary>Deletes the records the filters select, and records the clearing; the count of records deleted.</summary>
    public async Task<Outcome<HistoryCleared>> ClearAsync(Caller caller, string? kind, string? identityType, string? name, string? all, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var errors = new FieldErrors();
        var everything = all == "true";
        if (all is not (null or "true" or "false"))
        {
            errors.Add("all", "must be true or false.");
        }

        var filter = ListFilter.Parse(identityType, name, kind);
        if (!filter.Succeeded)
        {
            return filter.Problem;
        }

        var filtered = kind is not null || identityType is not null || name is not null;
        if (!errors.Any && everything == filtered)
        {
            errors.Add("all", everything ? "all=true clears everything; it takes no other filter." : "name a filter (kind, identityType, name), or all=true to clear everything.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var matching = await MatchingAsync(actor.Value.EnterpriseId, filter.Value, cancellationToken);
        var now = time.GetUtcNow();
        await store.ClearHistoryAsync(matching, new HistoryClearingEntity
        {
            PartitionKey = DelegationKeys.Enterprise(actor.Value.EnterpriseId),
            RowKey = DelegationKeys.Clearing(now, Ids.New(time)),
            ClearedBy = caller.PersonId,
            ClearedByName = caller.Person.Name,
            IdentityType = actor.Value.IdentityType.ToText(),
            At = now,
            Kind = filter.Value.Kind?.ToText(),
            FilterIdentityType = filter.Value.IdentityType?.ToText(),
            Name = filter.Value.Name,
            All = everything,
            Count = matching.Length,
        }, cancellationToken);
        return new HistoryCleared(matching.Length);
    }

    /// <summary>D11: every clearing of the history, newest first; the legal representative and the financial officer only.</summary>
    public async Task<Outcome<HistoryClearingView[]>> ClearingsAsync(Caller caller, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        if (!actor.Value.IdentityType.IsProtected())
        {
            return Problem.Forbidden("Only the legal representative and the financial officer see the clearings of the history.");
        }

        return (await store.ClearingsAsync(actor.Value.EnterpriseId, cancellationToken)).Select(clearing => new HistoryClearingView(
            Mask.PersonName(clearing.ClearedByName),
            EnumText.Parse<IdentityType>(clearing.IdentityType),
            clearing.At,
            new HistoryFilters(
                clearing.Kind is null ? null : EnumText.Parse<HistoryKind>(clearing.Kind),
                clearing.FilterIdentityType is null ? null : EnumText.Parse<IdentityType>(clearing.FilterIdentityType),
                clearing.Name,
                clearing.All),
            clearing.Count)).ToArray();
    }

    private async Task<HistoryRecordEntity[]> MatchingAsync(string enterpriseId, ListFilter filter, CancellationToken cancellationToken)
    {
        var records = await store.HistoryAsync(enterpriseId, filter.Kind, filter.IdentityType, cancellationToken);
        return [.. records.Where(record => filter.MatchesName(record.PersonName))];
    }
}
