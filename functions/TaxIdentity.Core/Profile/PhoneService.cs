using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Profile;

/// <summary>
/// F3. A person's phones live in their row, so every change is one ETag-guarded write decided against the row as it
/// is: exactly one default whenever there is a phone, the default and a sole phone never deleted, also under concurrent
/// requests. A number belongs to one person through its uniqueness claim: it is claimed before the row lists it and
/// released after the row dropped it, so it moves between persons only through the index and a login by phone finds
/// one person. Cheap refusals (unknown phone, the default, the sole one, a number already mine) come before anything
/// is spent; the verifications are spent before the number is claimed, so a claim is never left by a wrong code.
/// </summary>
public sealed class PhoneService(StepUp stepUp, PersonClaims claims, ProfileWriter writer, TimeProvider time)
{
    public async Task<Outcome<PhoneAdded>> AddAsync(Caller caller, PhoneAddRequest request, CancellationToken cancellationToken)
    {
        var number = Validate(request.Verification, request.Phone, request.NewPhoneVerification);
        if (!number.Succeeded)
        {
            return number.Problem;
        }

        var phone = number.Value;
        if (caller.Person.Phones.Count >= ProfileValidation.MaxPhones || caller.Person.Holds(PersonIndexEntity.ForPhone(phone)))
        {
            return Refusal(caller.Person, phone);
        }

        var proven = await ProveAndClaimAsync(caller, request.Verification, VerificationPurpose.AddPhone, request.NewPhoneVerification, phone, cancellationToken);
        if (!proven.Succeeded)
        {
            return proven.Problem;
        }

        var phoneId = Ids.New(time);
        var listed = false;
        var saved = await writer.SaveAsync(caller.Person, current =>
        {
            listed = current.Holds(PersonIndexEntity.ForPhone(phone));
            if (current.Phones.Count >= ProfileValidation.MaxPhones || listed)
            {
                return Refusal(current, phone);
            }

            current.Phones = [.. current.Phones, new PersonPhone(phoneId, phone, IsDefault: current.Phones.Count == 0)];
            return null;
        }, ProfileEvents.PhoneAdded, current => new { personId = current.PersonId, phoneId }, cancellationToken);
        return await SettleAsync(saved, caller.PersonId, phone, listed, new PhoneAdded(phoneId), cancellationToken);
    }

    /// <summary>Replaces the default phone's number: the new one becomes the default, the old one is removed and freed.</summary>
    public async Task<Outcome<PhoneView>> ChangeDefaultAsync(Caller caller, string phoneId, PhoneChangeRequest request, CancellationToken cancellationToken)
    {
        var number = Validate(request.Verification, request.Phone, request.NewPhoneVerification);
        if (!number.Succeeded)
        {
            return number.Problem;
        }

        var phone = number.Value;
        if (IsDefault(caller.Person, phoneId) is { } notDefault)
        {
            return notDefault;
        }

        if (caller.Person.Holds(PersonIndexEntity.ForPhone(phone)))
        {
            return Refusal(caller.Person, phone);
        }

        var proven = await ProveAndClaimAsync(caller, request.Verification, VerificationPurpose.ModifyPhone, request.NewPhoneVerification, phone, cancellationToken);
        if (!proven.Succeeded)
        {
            return proven.Problem;
        }

        var newId = Ids.New(time);
        string? oldNumber = null;
        var listed = false;
        var saved = await writer.SaveAsync(caller.Person, current =>
        {
            listed = current.Holds(PersonIndexEntity.ForPhone(phone));
            if (IsDefault(current, phoneId) is { } refused)
            {
                return refused;
            }

            if (listed)
            {
                return Refusal(current, phone);
            }

            oldNumber = current.DefaultPhone;
            current.Phones = [.. current.Phones.Where(p => p.PhoneId != phoneId), new PersonPhone(newId, phone, IsDefault: true)];
            return null;
        }, ProfileEvents.PhoneChanged, current => new { personId = current.PersonId, removedPhoneId = phoneId, phoneId = newId }, cancellationToken);
        var settled = await SettleAsync(saved, caller.PersonId, phone, listed, new PhoneView(newId, Common.Masking.Mask.Phone(phone), IsDefault: true), cancellationToken);
        if (settled.Succeeded && oldNumber is not null)
        {
            await claims.ReleaseDroppedAsync(PersonIndexEntity.ForPhone(oldNumber), cancellationToken);
        }

        return settled;
    }

    public async Task<Outcome<Done>> DeleteAsync(Caller caller, string phoneId, PhoneDeleteRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!errors.Required("verification", request.Verification))
        {
            return errors.ToProblem();
        }

        if (Deletable(caller.Person, phoneId) is { } refused)
        {
            return refused;
        }

        var spent = await stepUp.SpendAsync(caller, request.Verification, VerificationPurpose.DeletePhone, cancellationToken);
        if (!spent.Succeeded)
        {
            return spent.Problem;
        }

        string? number = null;
        var saved = await writer.SaveAsync(caller.Person, current =>
        {
            if (Deletable(current, phoneId) is { } problem)
            {
                return problem;
            }

            number = current.Phones.Single(p => p.PhoneId == phoneId).Number;
            current.Phones = [.. current.Phones.Where(p => p.PhoneId != phoneId)];
            return null;
        }, ProfileEvents.PhoneRemoved, current => new { personId = current.PersonId, phoneId }, cancellationToken);
        if (!saved.Succeeded)
        {
            return saved.Problem;
        }

        await claims.ReleaseDroppedAsync(PersonIndexEntity.ForPhone(number!), cancellationToken);
        return Done.Value;
    }

    /// <summary>Makes the phone the default; the former default becomes an ordinary phone. Needs no verification (F3).</summary>
    public async Task<Outcome<Done>> SetDefaultAsync(Caller caller, string phoneId, CancellationToken cancellationToken)
    {
        if (!caller.Person.Phones.Any(p => p.PhoneId == phoneId))
        {
            return Problem.NotFound("No such phone.");
        }

        var saved = await writer.SaveAsync(caller.Person, current =>
        {
            if (!current.Phones.Any(p => p.PhoneId == phoneId))
            {
                return Problem.NotFound("No such phone.");
            }

            current.Phones = [.. current.Phones.Select(p => p with { IsDefault = p.PhoneId == phoneId })];
            return null;
        }, ProfileEvents.DefaultPhoneChanged, current => new { personId = current.PersonId, phoneId }, cancellationToken);
        return saved.Succeeded ? Done.Value : saved.Problem;
    }

    private static Outcome<string> Validate(VerificationProof? verification, string? phone, VerificationProof? newPhoneVerification)
    {
        var errors = new FieldErrors();
        errors.Required("verification", verification);
        errors.Required("newPhoneVerification", newPhoneVerification);
        var number = errors.Required("phone", phone) ? ProvisioningValidation.OptionalPhone(errors, "phone", phone) : null;
        return errors.Any ? errors.ToProblem() : number!;
    }

    /// <summary>Spends the proof of the default phone (SMS or face), then the new phone's own code, then claims the number (409 when another person holds it).</summary>
    private async Task<Outcome<Done>> ProveAndClaimAsync(
        Caller caller, VerificationProof? proof, VerificationPurpose purpose, VerificationProof? newPhoneProof, string phone, CancellationToken cancellationToken)
    {
        var spent = await stepUp.SpendAsync(caller, proof, purpose, cancellationToken);
        if (spent.Succeeded)
        {
            spent = await stepUp.SpendNewPhoneAsync(caller, newPhoneProof, phone, cancellationToken);
        }

        if (!spent.Succeeded)
        {
            return spent.Problem;
        }

        return await claims.TryClaimAsync(PersonIndexEntity.ForPhone(phone), caller.PersonId, cancellationToken)
            ? Done.Value
            : Problem.Conflict("The number belongs to another person.");
    }

    /// <summary>
    /// After the claim, the write; a write that was refused gives the claim back, unless the row lists the number already
    /// (a concurrent request of the same person added it, and the claim is that one's too).
    /// </summary>
    private async Task<Outcome<T>> SettleAsync<T>(Outcome<PersonEntity> saved, string personId, string phone, bool listed, T answer, CancellationToken cancellationToken)
    {
        if (!saved.Succeeded)
        {
            if (!listed)
            {
                await claims.ReleaseAsync(PersonIndexEntity.ForPhone(phone), personId, cancellationToken);
            }

            return saved.Problem;
        }

        return answer;
    }

    private static Problem Refusal(PersonEntity person, string phone) =>
        person.Holds(PersonIndexEntity.ForPhone(phone))
            ? Problem.Conflict("This number is already one of your phones.")
            : Problem.Conflict($"A person can hold at most {ProfileValidation.MaxPhones} phones.");

    private static Problem? IsDefault(PersonEntity person, string phoneId) =>
        person.Phones.FirstOrDefault(p => p.PhoneId == phoneId) is not { } phone ? Problem.NotFound("No such phone.")
        : !phone.IsDefault ? Problem.Conflict("Only the default phone is modified this way; delete other phones and add new ones.")
        : null;

    private static Problem? Deletable(PersonEntity person, string phoneId) =>
        person.Phones.FirstOrDefault(p => p.PhoneId == phoneId) is not { } phone ? Problem.NotFound("No such phone.")
        : person.Phones.Count == 1 ? Problem.Conflict("The sole phone can't be deleted.")
        : phone.IsDefault ? Problem.Conflict("The default phone can't be deleted; make another phone the default first.")
        : null;
}
