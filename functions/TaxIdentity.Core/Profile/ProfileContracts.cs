using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Passwords;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Profile;

/// <summary>GET /api/me (F1): name, ID number, phones and e-mail masked, address masked; read only.</summary>
public sealed record MeView(
    string PersonId,
    [property: Description("Masked: the first character kept.")] string Name,
    IdType IdType,
    [property: Description("Masked: a resident ID keeps its region code and last four.")] string IdNumber,
    [property: Description("Left out until the person sets it (F6).")] IdValidityView? IdValidity,
    string? Username,
    [property: Description("Masked: the first character of the local part kept.")] string? Email,
    [property: Description("Masked: the first third kept, at most six characters.")] string? Address,
    int RealNameLevel,
    IReadOnlyList<PhoneView> Phones,
    PersonStatus Status);

public enum IdValidityKind
{
    Custom,
    LongTerm,
}

public sealed record IdValidityView(IdValidityKind Kind, DateOnly Start, DateOnly? End);

/// <summary>One of my phones (F3); the number masked.</summary>
public sealed record PhoneView(string PhoneId, [property: Description("Masked: 138****8001.")] string Number, bool IsDefault);

public sealed record PhoneAdded(string PhoneId);

public enum PasswordChangeMethod
{
    Password,
    Sms,
    Face,
}

/// <summary>PUT /api/me/password (F2): by the old password (B3), a changePassword SMS code (B1) or an approved face check (B2).</summary>
public sealed record PasswordChangeRequest(
    [property: Required] PasswordChangeMethod? Method,
    [property: StringLength(PasswordPolicy.MaxLength, MinimumLength = 1), Description("Required for the password method."), RequiredWhen(nameof(PasswordChangeRequest.Method), PasswordChangeMethod.Password)]
    string? OldPassword,
    [property: Description("Required for the sms (with its code) and face methods."), RequiredWhen(nameof(PasswordChangeRequest.Method), PasswordChangeMethod.Sms, PasswordChangeMethod.Face)]
    VerificationProof? Verification,
    [property: Required, StringLength(PasswordPolicy.MaxLength, MinimumLength = PasswordPolicy.MinLength), Description(PasswordPolicy.Summary)] string? NewPassword);

/// <summary>POST /api/me/phones (F3): the default phone proved (addPhone: SMS or face), then the new phone by its own newPhone code.</summary>
public sealed record PhoneAddRequest(
    [property: Required, Description("addPhone: an SMS code sent to the default phone, or an approved face check.")] VerificationProof? Verification,
    [property: Required, RegularExpression(PhoneNumber.Pattern)] string? Phone,
    [property: Required, Description("newPhone: the SMS code sent to the new phone.")] VerificationProof? NewPhoneVerification);

/// <summary>PUT /api/me/phones/{phoneId} (F3), the default phone only: the old number is removed and freed.</summary>
public sealed record PhoneChangeRequest(
    [property: Required, Description("modifyPhone: an SMS code sent to the default phone, or an approved face check.")] VerificationProof? Verification,
    [property: Required, RegularExpression(PhoneNumber.Pattern)] string? Phone,
    [property: Required, Description("newPhone: the SMS code sent to the new phone.")] VerificationProof? NewPhoneVerification);

/// <summary>DELETE /api/me/phones/{phoneId} (F3): a non-default phone.</summary>
public sealed record PhoneDeleteRequest(
    [property: Required, Description("deletePhone: an SMS code sent to the default phone, or an approved face check.")] VerificationProof? Verification);

/// <summary>PUT /api/me/username (F4).</summary>
public sealed record UsernameChangeRequest(
    [property: Required, RegularExpression(AccountDirectory.UsernameFormat), Description("4 to 20 letters, digits or '_', starting with a letter, and not shaped like an ID document number (with 5 or more characters it needs an '_'); unique, ignoring case.")] string? Username,
    [property: Required, Description("changeUsername: an SMS code sent to the default phone, or an approved face check.")] VerificationProof? Verification);

/// <summary>PUT /api/me/email (F5).</summary>
public sealed record EmailChangeRequest([property: Required, StringLength(ProfileValidation.EmailLength, MinimumLength = 3)] string? Email);

/// <summary>PUT /api/me/address (F7).</summary>
public sealed record AddressChangeRequest([property: Required, StringLength(ProfileValidation.AddressLength, MinimumLength = 1)] string? Address);

/// <summary>PUT /api/me/name (F8, 证件信息修改): the name changes only on the provider's word that it is the person's.</summary>
public sealed record NameChangeRequest(
    [property: Required, StringLength(ProvisioningValidation.PersonNameLength, MinimumLength = 1)] string? Name,
    [property: Required, Description("changeName: an approved face check started with the new name (POST /api/verifications/face), whose provider result named it and the caller's ID number.")]
    VerificationProof? Verification);

/// <summary>PUT /api/me/id-validity (F6): custom takes start and end (after the start); longTerm takes the start only.</summary>
public sealed record IdValidityChangeRequest(
    [property: Required] IdValidityKind? Kind,
    [property: Required] DateOnly? Start,
    [property: Description("Required for custom, after start; none for longTerm."), RequiredWhen(nameof(IdValidityChangeRequest.Kind), IdValidityKind.Custom)] DateOnly? End);

/// <summary>POST /api/me/deregistration (F9).</summary>
public sealed record DeregistrationRequest(
    [property: Required, Description("Must be true: the deregistration agreement was read and accepted.")] bool? AgreementAccepted,
    [property: Required, Description("deregister: an SMS code sent to the default phone, or an approved face check.")] VerificationProof? Verification);
