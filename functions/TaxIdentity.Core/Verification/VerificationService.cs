using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TaxIdentity.Core.Common;
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
public sealed class VerificationService(SmsCodeService sms, FaceVerificationService face, AccountDirectory accounts, ServerKeys keys, TimeProvider time)
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
                : Decoy(request.Account!);
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
    /// The answer for an account that doesn't exist: shaped like a real one, with a masked phone derived
    /// from the account so that repeated requests agree, and nothing stored or sent.
    /// </summary>
    private SmsSent Decoy(string account)
    {
        var digest = HMACSHA256.HashData(keys.CodePepper, Encoding.UTF8.GetBytes("decoy:" + account.Trim()));
        var digits = string.Concat(digest.Take(9).Select(b => (b % 10).ToString(CultureInfo.InvariantCulture)));
        var now = time.GetUtcNow();
        return new SmsSent(SmsCodeService.IdPrefix + Ids.New(time), Mask.Phone("+86" + "13" + digits), now.AddMinutes(5), now.AddSeconds(60));
    }
}
