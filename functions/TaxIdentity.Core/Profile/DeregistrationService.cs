using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.Handlers;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Profile;

/// <summary>
/// F9: after the agreement and a deregister SMS code or face check, the account ends for good. The person's open
/// applications and the invitations waiting for them are withdrawn (history), and every enterprise identity ends as a
/// deletion does (history record, handlerDeleted event), so a failure part-way leaves an active account that can try
/// again; then one transaction marks the person deregistered with a new security stamp (every session and refresh
/// token ends), drops phones, username and password, and writes the deregistered event; then identities granted by an
/// answer that raced all this are ended too (an answer finding the person deregistered takes its grant back itself),
/// and the phones and the username are released. The ID document's claim is free from then on (<see cref="PersonClaims"/>), so the person can
/// register again with the same ID, as a new person; the deregistered row stays, for the records that name it.
/// </summary>
public sealed class DeregistrationService(
    StepUp stepUp, IdentityStore identities, HandlerRemoval removal, DelegationStore delegations, DelegationAnswers answers,
    PersonClaims claims, ProfileWriter writer, TimeProvider time)
{
    public async Task<Outcome<Done>> DeregisterAsync(Caller caller, DeregistrationRequest request, IDelegationWorkflows? workflows, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (errors.Required("agreementAccepted", request.AgreementAccepted) && request.AgreementAccepted != true)
        {
            errors.Add("agreementAccepted", "the deregistration agreement must be accepted.");
        }

        errors.Required("verification", request.Verification);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var spent = await stepUp.SpendAsync(caller, request.Verification, VerificationPurpose.Deregister, cancellationToken);
        if (!spent.Succeeded)
        {
            return spent.Problem;
        }

        await WithdrawOpenRequestsAsync(caller, workflows, cancellationToken);
        await EndIdentitiesAsync(caller.PersonId, cancellationToken);

        List<string> dropped = [];
        var saved = await writer.SaveAsync(caller.Person, current =>
        {
            dropped = [.. current.Phones.Select(phone => PersonIndexEntity.ForPhone(phone.Number))];
            if (current.Username is { } username)
            {
                dropped.Add(PersonIndexEntity.ForUsername(username));
            }

            current.Status = PersonStatus.Deregistered.ToText();
            current.DeregisteredAt = time.GetUtcNow();
            current.RenewSecurityStamp(Ids.New(time));
            current.Phones = [];
            current.Username = null;
            current.PasswordHash = null;
            return null;
        }, ProfileEvents.Deregistered, current => new { personId = current.PersonId }, cancellationToken);
        if (!saved.Succeeded)
        {
            return saved.Problem;
        }

        await EndIdentitiesAsync(caller.PersonId, cancellationToken);
        foreach (var key in dropped)
        {
            await claims.ReleaseDroppedAsync(key, cancellationToken);
        }

        return Done.Value;
    }

    /// <summary>Withdraws the person's pending applications and the invitations waiting for them; an answer that won first stands.</summary>
    private async Task WithdrawOpenRequestsAsync(Caller caller, IDelegationWorkflows? workflows, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var source in new[] { DelegationSource.Invitation, DelegationSource.Application })
        {
            foreach (var mine in await delegations.ListAsync(DelegationKeys.Person(caller.PersonId), source, type: null, pendingOnly: true, cancellationToken))
            {
                if (await delegations.FindTruthAsync(mine.EnterpriseId, source, mine.RequestId, cancellationToken) is { } request && request.StateAt(now) == DelegationStatus.Pending)
                {
                    await answers.AnswerAsync(request, DelegationStatus.Withdrawn, new DelegationAnswer(caller.PersonId, now), workflows, cancellationToken);
                }
            }
        }
    }

    private async Task EndIdentitiesAsync(string personId, CancellationToken cancellationToken)
    {
        foreach (var held in await identities.ListForPersonAsync(personId, cancellationToken))
        {
            if (await identities.FindForEnterpriseAsync(held.EnterpriseId, held.Type, held.PersonId, cancellationToken) is { } enterpriseSide)
            {
                await removal.RemoveAsync(enterpriseSide, by: personId, cancellationToken);
            }
        }
    }
}
