using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Enterprises;

namespace TaxIdentity.Core.Delegation;

/// <summary>D2, D9: the current enterprise's requests of one source still waiting, for its managers holding handlerManagement.</summary>
public static class PendingRequests
{
    public static async Task<Outcome<TView[]>> ListAsync<TView>(
        DelegationStore store, Caller caller, DelegationSource source, string? identityType, string? name, DateTimeOffset now,
        Func<DelegationRequestEntity, DateTimeOffset, TView> view, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var filter = ListFilter.Parse(identityType, name);
        if (!filter.Succeeded)
        {
            return filter.Problem;
        }

        var rows = await store.ListAsync(DelegationKeys.Enterprise(actor.Value.EnterpriseId), source, filter.Value.IdentityType, pendingOnly: true, cancellationToken);
        return rows
            .Where(row => row.StateAt(now) == DelegationStatus.Pending && filter.Value.MatchesName(row.PersonName))
            .Select(row => view(row, now))
            .ToArray();
    }
}
