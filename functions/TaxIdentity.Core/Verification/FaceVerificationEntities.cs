using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Verification.Face;

namespace TaxIdentity.Core.Verification;

/// <summary>A face check opened: the QR code the page shows the app, and what the provider's SDK or H5 page opens.</summary>
public sealed record FaceVerificationCreated(
    string VerificationId,
    [property: Description("What the QR code shows the app: etax-face://verify?id={verificationId}, with &provider= and &token= when the provider opened a session.")] string QrPayload,
    DateTimeOffset ExpiresAt,
    [property: Description("Left out when the provider needs nothing opened up front (the development provider).")] FaceProviderSession? ProviderSession);

/// <summary>Body of POST /api/app/verifications/{verificationId}/approve: the token the face-verification provider gave the app.</summary>
public sealed record FaceApproval([property: Required, StringLength(256, MinimumLength = 1)] string? ProviderToken);

/// <summary>The person a face check is for: the signed-in person, or the one a registrant or a forgotten-password page claims to be.</summary>
public sealed record FaceSubject(string Name, IdType IdType, string IdNumber)
{
    /// <summary>True when the provider's result names this person (name and identity document, compared as the platform stores them).</summary>
    public bool IsNamedBy(FaceCheckResult result) =>
        result.IdType == IdType
        && string.Equals(IdDocument.Normalize(result.IdType, result.IdNumber, out _), IdNumber, StringComparison.Ordinal)
        && string.Equals(HumanText.Normalize(result.Name, int.MaxValue, out _), Name, StringComparison.Ordinal);
}

public sealed class FaceVerificationEntity : TableRow
{
    /// <summary>The signed-in person who started the check; null for the anonymous purposes (register, resetPassword).</summary>
    public string? PersonId { get; set; }

    public string Purpose { get; set; } = string.Empty;
    public string Status { get; set; } = VerificationStatus.Pending.ToText();
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Whom the provider's result must name.</summary>
    public string SubjectName { get; set; } = string.Empty;

    public string SubjectIdType { get; set; } = string.Empty;
    public string SubjectIdNumber { get; set; } = string.Empty;

    /// <summary>SHA-256 (hex) of the token the provider issued when the check was opened; the app must hand back that token. Null when none was issued up front.</summary>
    public string? ProviderTokenHash { get; set; }

    public FaceSubject Subject() => new(SubjectName, EnumText.Parse<IdType>(SubjectIdType), SubjectIdNumber);
}
