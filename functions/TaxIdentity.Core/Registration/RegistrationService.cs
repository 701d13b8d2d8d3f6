using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Events;
using TaxIdentity.Core.Passwords;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Registration;

/// <summary>POST /api/persons (A1).</summary>
public sealed record RegistrationRequest(
    [property: Required, StringLength(ProvisioningValidation.PersonNameLength, MinimumLength = 1)] string? Name,
    [property: Required] IdType? IdType,
    [property: Required, RegularExpression(IdDocument.Pattern)] string? IdNumber,
    [property: Required, RegularExpression(PhoneNumber.Pattern)] string? Phone,
    [property: Required] VerificationProof? Verification,
    [property: Required] IdentityProof? IdentityProof,
    [property: Required, StringLength(PasswordPolicy.MaxLength, MinimumLength = PasswordPolicy.MinLength), Description(PasswordPolicy.Summary)] string? Password,
    [property: RegularExpression(AccountDirectory.UsernameFormat)] string? Username);

public sealed record Registered(string PersonId);

/// <summary>
/// A1: registers a natural person, or activates the one the tax office pre-provisioned with the same ID, only with
/// proof that the registrant is the person the ID names. The first request that passes validation spends the SMS
/// code, whatever happens next, so nothing about the ID (registered, provisioned, its name) is answered before a
/// code is spent and every such answer costs one. The proof is then checked, the phone, username and ID are claimed
/// (of concurrent registrations exactly one wins each), the proof is used up and the person saved; claims are
/// released when a later step fails. An activation is told to the phone the tax office has on file.
/// </summary>
public sealed class RegistrationService(
    TableStore store, PersonDirectory persons, PersonClaims claims, SmsCodeService smsCodes, FaceVerificationService faces,
    RegistrationCodeService registrationCodes, ActivationNotice activationNotice, PasswordHashing hashing, PasswordPolicy policy,
    TransactionalOutbox outbox, TimeProvider time)
{
    public async Task<Outcome<Registered>> RegisterAsync(RegistrationRequest request, CancellationToken cancellationToken)
    {
        var validated = Validate(request);
        if (!validated.Succeeded)
        {
            return validated.Problem;
        }

        var (details, username, proof) = validated.Value;
        var spent = await smsCodes.VerifyAsync(request.Verification!, VerificationPurpose.Register, details.Phone, personId: null, consume: true, cancellationToken);
        if (!spent.Succeeded)
        {
            return spent.Problem;
        }

        var proven = await UseProofAsync(proof, details, consume: false, cancellationToken);
        if (!proven.Succeeded)
        {
            return proven.Problem;
        }

        var existing = await persons.FindByDocumentAsync(details.IdType, details.IdNumber, cancellationToken);
        if (existing?.PersonStatus == PersonStatus.Deregistered)
        {
            // A deregistered person's ID is free (F9): this is a new person, who takes the ID's claim over.
            existing = null;
        }

        if (existing is not null && (existing.PersonStatus != PersonStatus.Provisioned || existing.Name != details.Name))
        {
            return Problem.Conflict(existing.PersonStatus == PersonStatus.Provisioned
                ? "The name does not match the person the tax office registered with this ID."
                : "A person with this ID is already registered.");
        }

        var personId = existing?.PersonId ?? Ids.New(time);
        var phoneOnFile = existing?.PhoneOnFile;
        var taken = await ClaimAsync(details, username, personId, claimDocument: existing is null, cancellationToken);
        if (!taken.Succeeded)
        {
            return taken.Problem;
        }

        var used = await UseProofAsync(proof, details, consume: true, cancellationToken);
        if (!used.Succeeded)
        {
            await ReleaseAsync(taken.Value, personId, cancellationToken);
            return used.Problem;
        }

        if (!await SaveAsync(existing, personId, details, username, request.Password!, proof.Kind, cancellationToken))
        {
            await ReleaseAsync(taken.Value, personId, cancellationToken);
            return Problem.Conflict("A person with this ID is already registered.");
        }

        if (phoneOnFile is not null)
        {
            await activationNotice.SendAsync(phoneOnFile, details, cancellationToken);
        }

        return new Registered(personId);
    }

    private Outcome<(PersonDetails Details, string? Username, ProofOf Proof)> Validate(RegistrationRequest request)
    {
        var errors = new FieldErrors();
        var (name, number) = ProvisioningValidation.NameAndDocument(errors, request.Name, request.IdType, request.IdNumber);

        var phone = errors.Required("phone", request.Phone) ? ProvisioningValidation.OptionalPhone(errors, "phone", request.Phone) : null;
        errors.Required("verification", request.Verification);
        var proof = ProofOf.Validate(errors, request.IdentityProof);
        errors.Required("password", request.Password);
        var username = string.IsNullOrWhiteSpace(request.Username) ? null : request.Username.Trim();
        if (username is not null && !AccountDirectory.IsValidUsername(username))
        {
            errors.Add("username", AccountDirectory.UsernameRule);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var broken = policy.Check(request.Password, new PasswordContext(username, phone, number));
        if (broken.Count > 0)
        {
            return PasswordProblems.Policy("password", broken);
        }

        return (new PersonDetails(name!, request.IdType!.Value, number!, phone), username, proof!);
    }

    /// <summary>Checks, or with <paramref name="consume"/> uses up, the proof for exactly this name and ID.</summary>
    private Task<Outcome<Done>> UseProofAsync(ProofOf proof, PersonDetails details, bool consume, CancellationToken cancellationToken) =>
        proof.Kind == RealNameProof.Face
            ? faces.SpendForAsync(proof.Value, VerificationPurpose.Register, new FaceSubject(details.Name, details.IdType, details.IdNumber), consume, cancellationToken)
            : registrationCodes.SpendAsync(details.IdType, details.IdNumber, proof.Value, consume, cancellationToken);

    /// <summary>Claims the phone, the username and (for a new person) the ID; on a clash gives back what it took and answers 409.</summary>
    private async Task<Outcome<List<string>>> ClaimAsync(
        PersonDetails details, string? username, string personId, bool claimDocument, CancellationToken cancellationToken)
    {
        var keys = new List<string> { PersonIndexEntity.ForPhone(details.Phone!) };
        if (username is not null)
        {
            keys.Add(PersonIndexEntity.ForUsername(username));
        }

        if (claimDocument)
        {
            keys.Add(PersonIndexEntity.ForDocument(details.IdType, details.IdNumber));
        }

        var taken = new List<string>();
        foreach (var key in keys)
        {
            if (!await claims.TryClaimAsync(key, personId, cancellationToken))
            {
                await ReleaseAsync(taken, personId, cancellationToken);
                return Problem.Conflict(key.StartsWith("phone", StringComparison.Ordinal) ? "The phone number is already registered."
                    : key.StartsWith("username", StringComparison.Ordinal) ? "The username is taken." : "A person with this ID is already registered.");
            }

            taken.Add(key);
        }

        return taken;
    }

    private async Task<bool> SaveAsync(
        PersonEntity? existing, string personId, PersonDetails details, string? username, string password, RealNameProof proof, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Persons, cancellationToken);
        var now = time.GetUtcNow();
        var person = existing ?? new PersonEntity
        {
            PartitionKey = personId,
            Name = details.Name,
            IdType = details.IdType.ToText(),
            IdNumber = details.IdNumber,
            CreatedAt = now,
        };
        person.RealNameLevel = RealNameLevels.AfterRegistration(person.RealNameLevel, isNew: existing is null, proof);
        person.Status = PersonStatus.Active.ToText();
        person.Username = username;
        person.PasswordHash = hashing.Hash(password);
        person.RenewSecurityStamp(Ids.New(time));
        person.Phones = [new PersonPhone(Ids.New(time), details.Phone!, IsDefault: true)];
        person.PhoneOnFile = null;
        person.IdentityProof = proof.ToText();
        person.IdentityProvenAt = now;
        person.UpdatedAt = now;
        var registered = new DomainEvent(
            Ids.New(time), EventTypes.PersonRegistered, personId, now, JsonSerializer.Serialize(new { personId, activated = existing is not null }));
        return await outbox.SaveAsync(table, person, isNew: existing is null, registered, cancellationToken);
    }

    private async Task ReleaseAsync(IEnumerable<string> keys, string personId, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            await claims.ReleaseAsync(key, personId, cancellationToken);
        }
    }
}

public static class PasswordProblems
{
    public static Problem Policy(string field, IReadOnlyList<string> broken) =>
        new Problem(400, ErrorCodes.PasswordPolicy, "The password breaks the password policy.", string.Join(" ", broken))
        {
            Errors = new Dictionary<string, string[]> { [field] = [.. broken] },
        };
}
