using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Profile;

/// <summary>
/// The verification a risky personal-information operation spends (B1, B2): an SMS code sent to the caller's default
/// phone for that purpose, or a face check the caller started for that purpose and their app got approved. Either is
/// spent once, for its purpose and person only; a wrong, foreign, reused or unapproved one is 400 verification_failed.
/// </summary>
public sealed class StepUp(VerificationService verifications)
{
    /// <summary>Spends a proof of the default phone: its SMS code, or (when <paramref name="allowFace"/>) a face check.</summary>
    public Task<Outcome<Done>> SpendAsync(Caller caller, VerificationProof? proof, VerificationPurpose purpose, CancellationToken cancellationToken, bool allowFace = true) =>
        verifications.ConsumeAsync(proof, purpose, caller.PersonId, caller.Person.DefaultPhone, allowFace, cancellationToken);

    /// <summary>Spends the newPhone SMS code that proves the caller holds <paramref name="phone"/>.</summary>
    public Task<Outcome<Done>> SpendNewPhoneAsync(Caller caller, VerificationProof? proof, string phone, CancellationToken cancellationToken) =>
        verifications.ConsumeAsync(proof, VerificationPurpose.NewPhone, caller.PersonId, phone, allowFace: false, cancellationToken);

    /// <summary>Spends an approved face check of the purpose, made for exactly <paramref name="subject"/> (F8: the new name on the caller's own ID).</summary>
    public Task<Outcome<Done>> SpendFaceForAsync(Caller caller, VerificationProof? proof, VerificationPurpose purpose, FaceSubject subject, CancellationToken cancellationToken) =>
        verifications.ConsumeFaceForAsync(proof, purpose, caller.PersonId, subject, cancellationToken);

    public static bool IsFace(VerificationProof? proof) =>
        proof?.VerificationId?.StartsWith(FaceVerificationService.IdPrefix, StringComparison.Ordinal) == true;
}
