using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.Delegation;

/// <summary>E1 and E2, the person's side: invitations waiting for me, confirming or rejecting them, and the enterprises I act for.</summary>
public sealed class AuthorizationService(DelegationStore store, DelegationAnswers answers, IdentityDirectory directory, TimeProvider time)
{
    public async Task<InvitationView[]> PendingAsync(Caller caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await store.ListAsync(DelegationKeys.Person(caller.PersonId), DelegationSource.Invitation, type: null, pendingOnly: true, cancellationToken);
        return [.. rows.Where(row => row.StateAt(now) == DelegationStatus.Pending).Select(row => DelegationViews.Invitation(row, now, withEnterprise: true))];
    }

    /// <summary>Confirms (the person becomes a handler) or rejects (history: rejected) an invitation addressed to the caller.</summary>
    public async Task<Outcome<Done>> AnswerAsync(Caller caller, string invitationId, bool confirm, IDelegationWorkflows workflows, CancellationToken cancellationToken)
    {
        var mine = DelegationKeys.IsRequestId(invitationId)
            ? await store.FindAsync(DelegationKeys.Person(caller.PersonId), DelegationSource.Invitation, invitationId, cancellationToken)
            : null;

        // The person's copy proves the invitation is theirs; the enterprise's row says where it stands.
        var request = mine is null ? null : await store.FindAsync(DelegationKeys.Enterprise(mine.EnterpriseId), DelegationSource.Invitation, invitationId, cancellationToken);
        if (request is null || request.PersonId != caller.PersonId)
        {
            return Problem.NotFound("No such invitation for you.");
        }

        var answer = new DelegationAnswer(caller.PersonId, time.GetUtcNow());
        return await answers.AnswerAsync(request, confirm ? DelegationStatus.Confirmed : DelegationStatus.Rejected, answer, workflows, cancellationToken);
    }

    /// <summary>E2: the enterprises where the caller holds an identity that works today, with its type and validity.</summary>
    public async Task<MyEnterprise[]> EnterprisesAsync(Caller caller, CancellationToken cancellationToken) =>
        [.. (await directory.ListAsync(caller.PersonId, cancellationToken)).Select(held => new MyEnterprise(
            held.Enterprise.EnterpriseId,
            Mask.EnterpriseName(held.Enterprise.Name),
            Mask.CreditCode(held.Enterprise.CreditCode),
            held.Identity.Type,
            held.Identity.ValidUntil is null ? null : DateOnly.ParseExact(held.Identity.ValidUntil, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))];
}
