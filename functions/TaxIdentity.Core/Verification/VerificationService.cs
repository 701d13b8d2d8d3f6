using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Verification;

/// <summary>POST /api/verifications/sms; <see cref="Captcha"/> is required for the anonymous purposes.</summary>
public sealed record SmsRequest(
    [property: Required] VerificationPurpose? Purpose,
    [property: RegularExpression(PhoneNumber.Pattern), Description("Required for the register and newPhone purposes."),
        RequiredWhen(nameof(SmsRequest.Purpose), VerificationPurpose.Register, VerificationPurpose.NewPhone)] string? Phone,
    [property: StringLength(AccountDirectory.MaxAccountLength, MinimumLength = 1), Description("Required for the login and resetPassword purposes: phone number, ID number or username."),
        RequiredWhen(nameof(SmsRequest.Purpose), VerificationPurpose.Login, VerificationPurpose.ResetPassword)] string? Account,
    [property: Description("Required for the anonymous purposes: register, login and resetPassword."),
        RequiredWhen(nameof(SmsRequest.Purpose), VerificationPurpose.Register, VerificationPurpose.Login, VerificationPurpose.ResetPassword)] CaptchaAnswer? Captcha);

/// <summary>
/// POST /api/verifications/face: the claimed name and ID are for the anonymous purposes (register, resetPassword); a
/// changeName check takes the new name, which the provider's result must name with the caller's own ID.
/// </summary>
public sealed record FaceRequest(
    [property: Required] VerificationPurpose? Purpose,
    [property: StringLength(Provisioning.ProvisioningValidation.PersonNameLength, MinimumLength = 1),
        Description("Required for the register and resetPassword purposes: the name the person claims; for changeName: the new name."),
        RequiredWhen(nameof(FaceRequest.Purpose), VerificationPurpose.Register, VerificationPurpose.ResetPassword, VerificationPurpose.ChangeName)] string? Name,
    [property: Description("Required for the register and resetPassword purposes."), RequiredWhen(nameof(FaceRequest.Purpose), VerificationPurpose.Register, VerificationPurpose.ResetPassword)]
    IdType? IdType,
    [property: RegularExpression(IdDocument.Pattern), Description("Required for the register and resetPassword purposes."),
        RequiredWhen(nameof(FaceRequest.Purpose), VerificationPurpose.Register, VerificationPurpose.ResetPassword)] string? IdNumber);

/// <summary>
/// The verification endpoints and the one check every risky operation runs: an SMS code (with its code)
/// or an approved face check (without), for that purpose and person.
/// </summary>
public sealed class VerificationService(
    SmsCodeService sms, FaceVerificationService face, CaptchaService captchas, AccountDirectory accounts, ServerKeys keys, IOptions<VerificationOptions> options)
{
    /// <summary>
    /// B1. Anonymous purposes (register, login, reset) go only to allowed destinations and need a solved captcha,
    /// both checked before anything is sent or counted, and then count against the client's budgets. A signed-in newPhone
    /// code, whose number the caller chooses, goes only to allowed destinations too and counts against the client's and
    /// the platform's budgets as an anonymous one does; to a number not yet the caller's it takes the number's share for
    /// strangers and the caller's own signed-in codes, never the number's owner's.
    /// </summary>
    public async Task<Outcome<SmsSent>> RequestSmsAsync(SmsRequest request, Caller? caller, ClientInfo client, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!errors.Required("purpose", request.Purpose))
        {
            return errors.ToProblem();
        }

        var purpose = request.Purpose.Value;
        if (purpose.IsFaceOnly())
        {
            errors.Add("purpose", $"{purpose.ToText()} is proved by a face check only (POST /api/verifications/face).");
            return errors.ToProblem();
        }

        if (purpose.NeedsSignIn() && caller is null)
        {
            return Problem.Unauthenticated("Sign in to ask for a code for this purpose.");
        }

        var anonymous = !purpose.NeedsSignIn();
        string? phone = null;
        if (purpose.IsAccountBased())
        {
            errors.Required("account", request.Account);
        }
        else if (purpose.TakesPhone() && errors.Required("phone", request.Phone))
        {
            phone = Provisioning.ProvisioningValidation.OptionalPhone(errors, "phone", request.Phone);
            if (phone is not null && !options.Value.AllowsAnonymousSendsTo(phone))
            {
                errors.Add("phone", $"can't receive codes: only numbers with the calling codes {string.Join(", ", options.Value.CallingCodes)} can.");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (anonymous && await captchas.SpendAsync(request.Captcha, cancellationToken) is { } captchaFailed)
        {
            return captchaFailed;
        }

        if (purpose.IsAccountBased())
        {
            // A stranger can't choose where this goes; still, a default phone outside the allowed destinations gets nothing, as an unknown account.
            var person = await accounts.FindAsync(request.Account, cancellationToken);
            return person is { PersonStatus: PersonStatus.Active, DefaultPhone: { } defaultPhone } && options.Value.AllowsAnonymousSendsTo(defaultPhone)
                ? await sms.SendAsync(SmsCharge.Anonymous(defaultPhone, client.Ip), purpose, person.PersonId, cancellationToken)
                : await DecoyAsync(request.Account!, purpose, client, cancellationToken);
        }

        if (phone is not null)
        {
            return await sms.SendAsync(ChargeFor(phone, caller, client), purpose, caller?.PersonId, cancellationToken);
        }

        return caller!.Person.DefaultPhone is { } ownPhone
            ? await sms.SendAsync(SmsCharge.Own(ownPhone), purpose, caller.PersonId, cancellationToken)
            : Problem.Conflict("You have no phone to send a code to.");
    }

    /// <summary>
    /// The budgets a code to a number the requester names spends: a registrant's (anonymous) or a signed-in caller's newPhone
    /// code. Both count against the client's and the platform's daily budgets; a number not yet the caller's is a
    /// stranger's number, whose owner keeps their signed-in codes while the caller's own phone pays.
    /// </summary>
    private static SmsCharge ChargeFor(string phone, Caller? caller, ClientInfo client)
    {
        if (caller is null)
        {
            return SmsCharge.Anonymous(phone, client.Ip);
        }

        var own = caller.Person.Phones.Any(held => held.Number == phone);
        return new SmsCharge(phone, Stranger: !own, client.Ip, Caller: own ? null : caller.Person.DefaultPhone ?? "person:" + caller.PersonId);
    }

    /// <summary>
    /// A face check for the signed-in person, or, for register and resetPassword, for the person the caller claims
    /// to be (name and ID), signed in or not; the provider's result must name that person.
    /// </summary>
    public async Task<Outcome<FaceVerificationCreated>> RequestFaceAsync(FaceRequest request, Caller? caller, CancellationToken cancellationToken)
    {
        if (!face.IsOffered)
        {
            return Problem.NotFound("Face verification is not offered.");
        }

        var errors = new FieldErrors();
        if (!errors.Required("purpose", request.Purpose))
        {
            return errors.ToProblem();
        }

        var purpose = request.Purpose.Value;
        if (purpose is VerificationPurpose.Register or VerificationPurpose.ResetPassword)
        {
            var (name, number) = Provisioning.ProvisioningValidation.NameAndDocument(errors, request.Name, request.IdType, request.IdNumber);
            return errors.Any
                ? errors.ToProblem()
                : await face.CreateAsync(purpose, new FaceSubject(name!, request.IdType!.Value, number!), personId: null, cancellationToken);
        }

        if (!purpose.NeedsSignIn())
        {
            errors.Add("purpose", "face checks are for register, resetPassword and the signed-in purposes.");
            return errors.ToProblem();
        }

        if (caller is null)
        {
            return Problem.Unauthenticated("Sign in to start a face check for this purpose.");
        }

        if (caller.AgreementRequired)
        {
            return new Problem(403, ErrorCodes.AgreementRequired, "The service agreement must be accepted first.", "Accept the current agreement at /api/me/agreement.");
        }

        // F8: the provider must see the person with their new name on their own ID document.
        var subjectName = caller.Person.Name;
        if (purpose == VerificationPurpose.ChangeName)
        {
            subjectName = errors.PersonName("name", request.Name, Provisioning.ProvisioningValidation.PersonNameLength)!;
            if (errors.Any)
            {
                return errors.ToProblem();
            }
        }

        return await face.CreateAsync(purpose, new FaceSubject(subjectName, caller.Person.Document, caller.Person.IdNumber), caller.PersonId, cancellationToken);
    }

    public async Task<Outcome<VerificationState>> StatusAsync(string verificationId, CancellationToken cancellationToken)
    {
        var state = verificationId.StartsWith(FaceVerificationService.IdPrefix, StringComparison.Ordinal)
            ? await face.StatusAsync(verificationId, cancellationToken)
            : await sms.StatusAsync(verificationId, cancellationToken);
        return state is null ? Problem.NotFound("No such verification.") : state;
    }

    /// <summary>Spends an SMS code (sent to <paramref name="phone"/>, or to the person) or, when allowed, an approved face check.</summary>
    public async Task<Outcome<Done>> ConsumeAsync(
        VerificationProof? proof, VerificationPurpose purpose, string personId, string? phone, bool allowFace, CancellationToken cancellationToken)
    {
        if (proof?.VerificationId is not { } id)
        {
            return VerificationProblems.Failed("A verification is required.");
        }

        if (id.StartsWith(FaceVerificationService.IdPrefix, StringComparison.Ordinal))
        {
            return allowFace ? await face.ConsumeAsync(id, purpose, personId, cancellationToken) : VerificationProblems.Failed("This operation needs an SMS code.");
        }

        var spent = await sms.VerifyAsync(proof, purpose, phone, personId, consume: true, cancellationToken);
        return spent.Succeeded ? Done.Value : spent.Problem;
    }

    /// <summary>An approved face check the person started for the purpose, made for exactly <paramref name="subject"/> (F8); anything else fails.</summary>
    public Task<Outcome<Done>> ConsumeFaceForAsync(VerificationProof? proof, VerificationPurpose purpose, string personId, FaceSubject subject, CancellationToken cancellationToken) =>
        proof?.VerificationId is { } id && id.StartsWith(FaceVerificationService.IdPrefix, StringComparison.Ordinal)
            ? face.ConsumeForAsync(id, purpose, personId, subject, cancellationToken)
            : Task.FromResult<Outcome<Done>>(VerificationProblems.Failed("This operation needs an approved face check of its purpose."));

    /// <summary>
    /// The answer for an account that doesn't exist: a decoy code that behaves like a real one (see
    /// <see cref="SmsCodeService.SendDecoyAsync"/>), keyed from the account as written in any of its forms, so
    /// that repeated requests agree; nothing is sent.
    /// </summary>
    private Task<Outcome<SmsSent>> DecoyAsync(string account, VerificationPurpose purpose, ClientInfo client, CancellationToken cancellationToken)
    {
        var text = account.Trim();
        var canonical = PhoneNumber.Normalize(text, out _) ?? text.ToUpperInvariant();
        var digest = HMACSHA256.HashData(keys.CodePepper, Encoding.UTF8.GetBytes("decoy:" + canonical));
        return sms.SendDecoyAsync(Convert.ToHexStringLower(digest.AsSpan(16)), purpose, client.Ip, cancellationToken);
    }
}
