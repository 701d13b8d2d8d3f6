using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Events;
using TaxIdentity.Core.Passwords;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Registration;

/// <summary>POST /api/auth/password/reset (A10).</summary>
public sealed record PasswordResetRequest(
    [property: Required, StringLength(ProvisioningValidation.PersonNameLength, MinimumLength = 1)] string? Name,
    [property: Required] IdType? IdType,
    [property: Required, RegularExpression(IdDocument.Pattern)] string? IdNumber,
    [property: Required] VerificationProof? Verification,
    [property: Required, StringLength(PasswordPolicy.MaxLength, MinimumLength = PasswordPolicy.MinLength), Description(PasswordPolicy.Summary)] string? NewPassword);

/// <summary>
/// A10: name + ID, then the SMS code sent to the default phone (or a face check of that name and ID), then a new
/// password. The verification is checked before anything about the person is answered: a wrong name, an unknown ID
/// and a wrong code all get the same answer, and the password rules that mention the person's phone or username are
/// checked only after it. A right code with a wrong name is spent, so names can't be tried with one code. Setting the
/// password changes the security stamp, which ends every session at once.
/// </summary>
public sealed class PasswordResetService(
    TableStore store, PersonDirectory persons, SmsCodeService smsCodes, FaceVerificationService faces, PasswordHashing hashing, PasswordPolicy policy,
    TransactionalOutbox outbox, TimeProvider time)
{
    public async Task<Outcome<Done>> ResetAsync(PasswordResetRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (name, number) = ProvisioningValidation.NameAndDocument(errors, request.Name, request.IdType, request.IdNumber);

        errors.Required("verification", request.Verification);
        errors.Required("newPassword", request.NewPassword);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // Rules that need nothing but the request itself; those about the person's phone and username wait for the verification.
        var broken = policy.Check(request.NewPassword, new PasswordContext(null, null, number));
        if (broken.Count > 0)
        {
            return PasswordProblems.Policy("newPassword", broken);
        }

        var claimed = new FaceSubject(name!, request.IdType!.Value, number!);
        var person = await persons.FindByDocumentAsync(claimed.IdType, claimed.IdNumber, cancellationToken);
        if (!await VerifyAsync(request.Verification!, claimed, person, consume: false, cancellationToken))
        {
            return VerificationProblems.Failed();
        }

        if (person is null || person.PersonStatus != PersonStatus.Active || person.Name != claimed.Name)
        {
            await VerifyAsync(request.Verification!, claimed, person, consume: true, cancellationToken);
            return VerificationProblems.Failed();
        }

        broken = policy.Check(request.NewPassword, new PasswordContext(person.Username, person.DefaultPhone, person.IdNumber));
        if (broken.Count > 0)
        {
            return PasswordProblems.Policy("newPassword", broken);
        }

        if (!await VerifyAsync(request.Verification!, claimed, person, consume: true, cancellationToken))
        {
            return VerificationProblems.Failed();
        }

        var table = await store.GetTableAsync(TableNames.Persons, cancellationToken);
        return await TableClientExtensions.RetryOnRaceAsync<Outcome<Done>>(async () =>
        {
            var current = await persons.FindAsync(person.PersonId, cancellationToken);
            if (current is null)
            {
                return VerificationProblems.Failed();
            }

            current.PasswordHash = hashing.Hash(request.NewPassword!);
            current.RenewSecurityStamp(Ids.New(time));
            current.FailedLogins = 0;
            current.Lockouts = 0;
            current.LockedUntil = null;
            current.UpdatedAt = time.GetUtcNow();
            var changed = new DomainEvent(
                Ids.New(time), EventTypes.PasswordChanged, current.PersonId, current.UpdatedAt, JsonSerializer.Serialize(new { personId = current.PersonId, method = "reset" }));
            return await outbox.SaveAsync(table, current, isNew: false, changed, cancellationToken) ? Done.Value : null;
        });
    }

    /// <summary>
    /// Checks (with <paramref name="consume"/>, spends) the verification: an SMS code for the person's default phone, or
    /// an approved face check of the claimed name and ID. A spent code never passes the check.
    /// </summary>
    private async Task<bool> VerifyAsync(VerificationProof proof, FaceSubject claimed, PersonEntity? person, bool consume, CancellationToken cancellationToken)
    {
        if (proof.VerificationId?.StartsWith(FaceVerificationService.IdPrefix, StringComparison.Ordinal) == true)
        {
            return (await faces.SpendForAsync(proof.VerificationId, VerificationPurpose.ResetPassword, claimed, consume, cancellationToken)).Succeeded;
        }

        // An unknown ID binds the code to no person, so it fails like a wrong code and counts no try against anyone.
        var code = await smsCodes.VerifyAsync(
            proof, VerificationPurpose.ResetPassword, person?.DefaultPhone, person?.PersonId ?? string.Empty, consume, cancellationToken);
        return code.Succeeded && (consume || !code.Value.Used);
    }
}
