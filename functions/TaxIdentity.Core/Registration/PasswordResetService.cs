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
/// A10: name + ID, then the SMS code sent to the default phone, then a new password. Setting it changes
/// the security stamp, which ends every session at once. Every identity mismatch answers the same
/// verification_failed, so the endpoint doesn't tell who is registered.
/// </summary>
public sealed class PasswordResetService(
    TableStore store, PersonDirectory persons, SmsCodeService smsCodes, PasswordHashing hashing, PasswordPolicy policy, TransactionalOutbox outbox, TimeProvider time)
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

        var person = await persons.FindByDocumentAsync(request.IdType!.Value, number!, cancellationToken);
        if (person is null || person.PersonStatus != PersonStatus.Active || person.Name != name)
        {
            return VerificationProblems.Failed();
        }

        var broken = policy.Check(request.NewPassword, new PasswordContext(person.Username, person.DefaultPhone, person.IdNumber));
        if (broken.Count > 0)
        {
            return PasswordProblems.Policy("newPassword", broken);
        }

        var code = await smsCodes.VerifyAsync(request.Verification!, VerificationPurpose.ResetPassword, person.DefaultPhone, person.PersonId, consume: true, cancellationToken);
        if (!code.Succeeded)
        {
            return code.Problem;
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
            current.SecurityStamp = Ids.New(time);
            current.FailedLogins = 0;
            current.Lockouts = 0;
            current.LockedUntil = null;
            current.UpdatedAt = time.GetUtcNow();
            var changed = new DomainEvent(
                Ids.New(time), EventTypes.PasswordChanged, current.PersonId, current.UpdatedAt, JsonSerializer.Serialize(new { personId = current.PersonId, method = "reset" }));
            return await outbox.SaveAsync(table, current, isNew: false, changed, cancellationToken) ? Done.Value : null;
        });
    }
}
