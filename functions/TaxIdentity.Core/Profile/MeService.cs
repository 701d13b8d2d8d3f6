using System.Globalization;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Profile;

/// <summary>
/// F1 basic info, read from the row authentication already holds (no storage call of its own) and masked by
/// <see cref="Mask"/>; F5-F7, the fields that need no verification, each one write; F8, the name, on a face check that
/// names the new name and the person's ID, with its event and a notice to the default phone.
/// </summary>
public sealed class MeService(ProfileWriter writer, StepUp stepUp, NameChangeNotice nameNotice)
{
    private const string DateFormat = "yyyy-MM-dd";

    public static MeView View(PersonEntity person) => new(
        person.PersonId,
        Mask.PersonName(person.Name),
        person.Document,
        Mask.IdNumber(person.IdNumber),
        ValidityOf(person),
        person.Username,
        person.Email is null ? null : Mask.Email(person.Email),
        person.Address is null ? null : Mask.Address(person.Address),
        person.RealNameLevel,
        PhonesOf(person),
        person.PersonStatus);

    public static IReadOnlyList<PhoneView> PhonesOf(PersonEntity person) =>
        [.. person.Phones.Select(phone => new PhoneView(phone.PhoneId, Mask.Phone(phone.Number), phone.IsDefault))];

    public Task<Outcome<Done>> ChangeEmailAsync(Caller caller, EmailChangeRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var email = ProfileValidation.Email(errors, request.Email);
        return errors.Any ? Refused(errors) : SaveAsync(caller, person => person.Email = email, cancellationToken);
    }

    public Task<Outcome<Done>> ChangeAddressAsync(Caller caller, AddressChangeRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var address = errors.Text("address", request.Address, ProfileValidation.AddressLength);
        return errors.Any ? Refused(errors) : SaveAsync(caller, person => person.Address = address, cancellationToken);
    }

    /// <summary>
    /// F8: the name is real-name data (invitations, face checks, resets and the tax office's sync match on it), so it
    /// changes only with an approved changeName face check started with the new name: the provider's result named that
    /// name and the caller's own ID number. The change writes <see cref="ProfileEvents.NameChanged"/> (IDs only) and the
    /// default phone is told.
    /// </summary>
    public async Task<Outcome<Done>> ChangeNameAsync(Caller caller, NameChangeRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = errors.PersonName("name", request.Name, ProvisioningValidation.PersonNameLength);
        errors.Required("verification", request.Verification);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var person = caller.Person;
        var spent = await stepUp.SpendFaceForAsync(
            caller, request.Verification, VerificationPurpose.ChangeName, new FaceSubject(name!, person.Document, person.IdNumber), cancellationToken);
        if (!spent.Succeeded)
        {
            return spent.Problem;
        }

        var saved = await writer.SaveAsync(person, current =>
        {
            current.Name = name!;
            return null;
        }, ProfileEvents.NameChanged, current => new { personId = current.PersonId }, cancellationToken);
        if (!saved.Succeeded)
        {
            return saved.Problem;
        }

        if (person.DefaultPhone is { } phone)
        {
            await nameNotice.SendAsync(phone, client, cancellationToken);
        }

        return Done.Value;
    }

    public Task<Outcome<Done>> ChangeIdValidityAsync(Caller caller, IdValidityChangeRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (errors.Required("kind", request.Kind) & errors.Required("start", request.Start))
        {
            if (request.Kind == IdValidityKind.Custom && request.End is null)
            {
                errors.Add("end", "is required for a custom validity.");
            }
            else if (request.Kind == IdValidityKind.Custom && request.End <= request.Start)
            {
                errors.Add("end", "must be after start.");
            }
            else if (request.Kind == IdValidityKind.LongTerm && request.End is not null)
            {
                errors.Add("end", "must be left out for a long-term validity.");
            }
        }

        return errors.Any ? Refused(errors) : SaveAsync(caller, person =>
        {
            person.IdValidityKind = request.Kind!.Value.ToText();
            person.IdValidFrom = request.Start!.Value.ToString(DateFormat, CultureInfo.InvariantCulture);
            person.IdValidUntil = request.End?.ToString(DateFormat, CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    private static IdValidityView? ValidityOf(PersonEntity person) =>
        person.IdValidityKind is null || person.IdValidFrom is null ? null : new IdValidityView(
            EnumText.Parse<IdValidityKind>(person.IdValidityKind),
            DateOnly.ParseExact(person.IdValidFrom, DateFormat, CultureInfo.InvariantCulture),
            person.IdValidUntil is null ? null : DateOnly.ParseExact(person.IdValidUntil, DateFormat, CultureInfo.InvariantCulture));

    private static Task<Outcome<Done>> Refused(FieldErrors errors) => Task.FromResult<Outcome<Done>>(errors.ToProblem());

    private async Task<Outcome<Done>> SaveAsync(Caller caller, Action<PersonEntity> change, CancellationToken cancellationToken)
    {
        var saved = await writer.SaveAsync(caller.Person, person =>
        {
            change(person);
            return null;
        }, eventType: null, eventData: null, cancellationToken);
        return saved.Succeeded ? Done.Value : saved.Problem;
    }
}
