using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Handlers;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Profile;

/// <summary>
/// F9: after the agreement and a deregister SMS code or face check, the account ends for good. Every enterprise identity
/// ends first, as a deletion does (history record, handlerDeleted event), so a failure part-way leaves an active account
/// that can try again; then one transaction marks the person deregistered with a new security stamp (every session and
/// refresh token ends), drops phones, username and password, and writes the deregistered event; then the phones and the
/// username are released. The ID document's claim is free from then on (<see cref="PersonClaims"/>), so the person can
/// register again with the same ID, as a new person; the deregistered row stays, for the records that name it.
/// </summary>
public sealed class DeregistrationService(
    StepUp stepUp, IdentityStore identities, HandlerRemoval removal, PersonClaims claims, ProfileWriter writer, TimeProvider time)
{
    public async Task<Outcome<Done>> DeregisterAsync(Caller caller, DeregistrationRequest request, CancellationToken cancellationToken)
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

        foreach (var held in await identities.ListForPersonAsync(caller.PersonId, cancellationToken))
        {
            if (await identities.FindForEnterpriseAsync(held.EnterpriseId, held.Type, held.PersonId, cancellationToken) is { } enterpriseSide)
            {
                await removal.RemoveAsync(enterpriseSide, by: caller.PersonId, cancellationToken);
            }
        }

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

        foreach (var key in dropped)
        {
            await claims.ReleaseDroppedAsync(key, cancellationToken);
        }

        return Done.Value;
    }
}
