using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Passwords;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Registration;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Profile;

/// <summary>
/// F2: a new password under the policy, proved by the old password (B3), a changePassword SMS code or an approved face
/// check. The policy is checked before anything is spent. The old password is tried as a login is (A12): a try is
/// reserved on the person's row before the hash, so a stolen session can't guess it faster than the login page, and a
/// locked account refuses even the right one. The new hash, a new security stamp (every other session and refresh token
/// ends at once; this session is kept, <see cref="PersonEntity.StampKeptForSessionId"/>) and the passwordChanged event
/// are one transaction.
/// </summary>
public sealed class PasswordChangeService(
    StepUp stepUp, PasswordAttempts attempts, PasswordHashing hashing, PasswordPolicy policy, ProfileWriter writer, TimeProvider time)
{
    public async Task<Outcome<Done>> ChangeAsync(Caller caller, PasswordChangeRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("method", request.Method);
        errors.Required("newPassword", request.NewPassword);
        if (request.Method == PasswordChangeMethod.Password)
        {
            errors.Required("oldPassword", request.OldPassword);
        }
        else if (request.Method is not null)
        {
            errors.Required("verification", request.Verification);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var person = caller.Person;
        var broken = policy.Check(request.NewPassword, new PasswordContext(person.Username, person.DefaultPhone, person.IdNumber));
        if (broken.Count > 0)
        {
            return PasswordProblems.Policy("newPassword", broken);
        }

        var proven = await ProveAsync(caller, request, cancellationToken);
        if (!proven.Succeeded)
        {
            return proven.Problem;
        }

        var (known, attempt) = proven.Value;
        var newHash = hashing.Hash(request.NewPassword!);
        var saved = await writer.SaveAsync(known, current =>
        {
            if (attempt > 0)
            {
                attempts.GiveBack(current, attempt);
            }

            current.PasswordHash = newHash;
            current.RenewSecurityStamp(Ids.New(time), keptSessionId: caller.Session.SessionId);
            return null;
        }, ProfileEvents.PasswordChanged, current => new { personId = current.PersonId, method = request.Method!.Value.ToString().ToLowerInvariant() }, cancellationToken);
        return saved.Succeeded ? Done.Value : saved.Problem;
    }

    /// <summary>The person's row to change (fresh after a reserved try) and the try to give back (0 for none).</summary>
    private async Task<Outcome<(PersonEntity Known, int Attempt)>> ProveAsync(Caller caller, PasswordChangeRequest request, CancellationToken cancellationToken)
    {
        if (request.Method == PasswordChangeMethod.Password)
        {
            var reservation = await attempts.ReserveAsync(caller.Person, account: caller.PersonId, cancellationToken);
            var right = reservation.MayTry && reservation.Person is not null
                && hashing.Verify(reservation.Person.PasswordHash, request.OldPassword!) != PasswordCheck.Failed;
            return right
                ? (reservation.Person!, reservation.Attempt)
                : VerificationProblems.Failed("The old password is wrong, or the account is locked after too many wrong passwords.");
        }

        if ((request.Method == PasswordChangeMethod.Face) != StepUp.IsFace(request.Verification))
        {
            return VerificationProblems.Failed(request.Method == PasswordChangeMethod.Face ? "The face method takes a face check." : "The sms method takes an SMS code.");
        }

        var spent = await stepUp.SpendAsync(caller, request.Verification, VerificationPurpose.ChangePassword, cancellationToken);
        return spent.Succeeded ? (caller.Person, 0) : spent.Problem;
    }
}
