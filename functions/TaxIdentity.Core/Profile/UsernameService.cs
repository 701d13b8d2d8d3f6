using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Profile;

/// <summary>
/// F4: a new username, unique ignoring case, proved by a changeUsername SMS code or face check. As with phones, the new
/// name is claimed before the row takes it and the old one released after the row dropped it.
/// </summary>
public sealed class UsernameService(StepUp stepUp, PersonClaims claims, ProfileWriter writer)
{
    public async Task<Outcome<Done>> ChangeAsync(Caller caller, UsernameChangeRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var username = request.Username?.Trim();
        if (errors.Required("username", username) && !AccountDirectory.IsValidUsername(username))
        {
            errors.Add("username", AccountDirectory.UsernameRule);
        }

        errors.Required("verification", request.Verification);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var key = PersonIndexEntity.ForUsername(username!);
        var old = caller.Person.Username;
        if (old is not null && PersonIndexEntity.ForUsername(old) == key && old == username)
        {
            return Problem.Conflict("This is your username already.");
        }

        var spent = await stepUp.SpendAsync(caller, request.Verification, VerificationPurpose.ChangeUsername, cancellationToken);
        if (!spent.Succeeded)
        {
            return spent.Problem;
        }

        if (!await claims.TryClaimAsync(key, caller.PersonId, cancellationToken))
        {
            return Problem.Conflict("The username is taken.");
        }

        string? dropped = null;
        var saved = await writer.SaveAsync(caller.Person, current =>
        {
            dropped = current.Username is { } previous && PersonIndexEntity.ForUsername(previous) != key ? previous : null;
            current.Username = username;
            return null;
        }, ProfileEvents.UsernameChanged, current => new { personId = current.PersonId }, cancellationToken);
        if (!saved.Succeeded)
        {
            if (old is null || PersonIndexEntity.ForUsername(old) != key)
            {
                await claims.ReleaseAsync(key, caller.PersonId, cancellationToken);
            }

            return saved.Problem;
        }

        if (dropped is not null)
        {
            await claims.ReleaseDroppedAsync(PersonIndexEntity.ForUsername(dropped), cancellationToken);
        }

        return Done.Value;
    }
}
