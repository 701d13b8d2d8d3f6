using System.ComponentModel;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Verification.Face;

namespace TaxIdentity.Core.Verification;

/// <summary>Face checks (扫脸验证) as this deployment offers them.</summary>
public sealed record FaceMethod(
    [property: Description("False when no face-verification provider is configured: face checks answer 404, so pages offer SMS codes and registration codes instead.")] bool Offered,
    [property: Description("Whose check the app runs.")] FaceProvider Provider,
    [property: Description("The ID types the provider can verify; a face check for another answers 400 on idType.")] IReadOnlyList<IdType> IdTypes);

/// <summary>GET /api/catalog/verification-methods: which proofs pages may offer here (B1, B2, A1).</summary>
public sealed record VerificationMethods(
    [property: Description("SMS codes (B1); always offered.")] bool Sms,
    FaceMethod Face,
    [property: Description("The tax office's registration codes (A1, J2): offered when the operator API is configured to issue them.")] bool RegistrationCode);

/// <summary>Answers which proofs this deployment offers, from its settings; reads no storage.</summary>
public sealed class ProofCatalog(FaceVerificationService faces, IOptions<OperatorOptions> operatorOptions)
{
    public VerificationMethods Methods() => new(
        Sms: true,
        new FaceMethod(faces.IsOffered, faces.Provider, [.. Enum.GetValues<IdType>().Where(faces.Supports)]),
        RegistrationCode: !string.IsNullOrEmpty(operatorOptions.Value.Key));
}
