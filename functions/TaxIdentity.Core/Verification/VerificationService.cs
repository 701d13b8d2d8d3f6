using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Verification;

/// <summary>POST /api/verifications/sms.</summary>
public sealed record SmsRequest(VerificationPurpose? Purpose, string? Phone, string? Account);

/// <summary>POST /api/verifications/face.</summary>
public sealed record FaceRequest(VerificationPurpose? Purpose);

/// <summary>
/// The verification endpoints and the one check every risky operation runs: an SMS code (with its code)
/// or an approved face check (without), for that purpose and person.
/// </summary>
public sealed class VerificationService(SmsCodeService sms, FaceVerificationService face, AccountDirectory accounts, ServerKeys keys)
{
    public async Task<Outcome<SmsSent>> RequestSmsAsync(SmsRequest request, Caller? caller, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!errors.Required("purpose", request.Purpose))
        {
            return errors.ToProblem();
        }

        var purpose = request.Purpose.Value;
        if (purpose.NeedsSignIn() && caller is null)
        {
            return Problem.Unauthenticated("Sign in to ask for a code for this purpose.");
        }

        if (purpose.IsAccountBased())
        {
            if (!errors.Required("account", request.Account))
            {
                return errors.ToProblem();
            }

            var person = await accounts.FindAsync(request.Account, cancellationToken);
            return person is { PersonStatus: PersonStatus.Active, DefaultPhone: { } phone }
                ? await sms.SendAsync(phone, purpose, person.PersonId, cancellationToken)
                : await DecoyAsync(request.Account!, purpose, cancellationToken);
        }

        if (purpose.TakesPhone())
        {
            var phone = errors.Required("phone", request.Phone) ? Provisioning.ProvisioningValidation.OptionalPhone(errors, "phone", request.Phone) : null;
            return errors.Any ? errors.ToProblem() : await sms.SendAsync(phone!, purpose, caller?.PersonId, cancellationToken);
        }

        return caller!.Person.DefaultPhone is { } defaultPhone
            ? await sms.SendAsync(defaultPhone, purpose, caller.PersonId, cancellationToken)
            : Problem.Conflict("You have no phone to send a code to.");
    }

    public async Task<Outcome<FaceVerificationCreated>> RequestFaceAsync(FaceRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        return errors.Required("purpose", request.Purpose)
            ? await face.CreateAsync(caller.PersonId, request.Purpose.Value, cancellationToken)
            : errors.ToProblem();
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

    /// <summary>
    /// The answer for an account that doesn't exist: a decoy code that behaves like a real one (see
    /// <see cref="SmsCodeService.SendDecoyAsync"/>), keyed and masked from the account as written in any of
    /// its forms, so that repeated requests agree; nothing is sent.
    /// </summary>
    private Task<Outcome<SmsSent>> DecoyAsync(string account, VerificationPurpose purpose, CancellationToken cancellationToken)
    {
        var text = account.Trim();
        var canonical = PhoneNumber.Normalize(text, out _) ?? text.ToUpperInvariant();
        var digest = HMACSHA256.HashData(keys.CodePepper, Encoding.UTF8.GetBytes("decoy:" + canonical));
        var digits = string.Concat(digest.Take(9).Select(b => (b % 10).ToString(CultureInfo.InvariantCulture)));
        return sms.SendDecoyAsync(Convert.ToHexStringLower(digest.AsSpan(16)), Mask.Phone("+86" + "13" + digits), purpose, cancellationToken);
    }
}
