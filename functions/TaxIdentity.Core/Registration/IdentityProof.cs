using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Registration;

/// <summary>Proof that the registrant is the person the ID names: one of an approved face check (B2) or a tax-office registration code (J2).</summary>
public sealed record IdentityProof(
    [property: StringLength(64, MinimumLength = 1), Description("An approved register face check of the same name and ID; give this or registrationCode.")] string? FaceVerificationId,
    [property: StringLength(32, MinimumLength = 12), Description("The one-time code the tax office issued for this ID (XXXX-XXXX-XXXX, any case); give this or faceVerificationId.")] string? RegistrationCode);

/// <summary>A checked identity proof: its kind and the face verification ID or the normalized registration code.</summary>
internal sealed record ProofOf(RealNameProof Kind, string Value)
{
    public static ProofOf? Validate(FieldErrors errors, IdentityProof? proof)
    {
        if (!errors.Required("identityProof", proof))
        {
            return null;
        }

        var face = string.IsNullOrWhiteSpace(proof.FaceVerificationId) ? null : proof.FaceVerificationId.Trim();
        var code = string.IsNullOrWhiteSpace(proof.RegistrationCode) ? null : proof.RegistrationCode;
        if ((face is null) == (code is null))
        {
            errors.Add("identityProof", "give either faceVerificationId (an approved face check) or registrationCode (from the tax office).");
            return null;
        }

        if (face is not null)
        {
            return new ProofOf(RealNameProof.Face, face);
        }

        if (RegistrationCodeService.Normalize(code) is { } normalized)
        {
            return new ProofOf(RealNameProof.RegistrationCode, normalized);
        }

        errors.Add("identityProof", "registrationCode must be the 12-character code from the tax office (XXXX-XXXX-XXXX).");
        return null;
    }
}
