using System.ComponentModel;
using TaxIdentity.Core.Common.Identifiers;

namespace TaxIdentity.Core.Verification.Face;

/// <summary>
/// What the face-verification provider says about one check: the face check of <see cref="VerificationId"/> was done
/// on the person it names, read from their identity document, and <see cref="Passed"/> says whether the face matched
/// that person (liveness included).
/// </summary>
public sealed record FaceCheckResult(string VerificationId, bool Passed, string Name, IdType IdType, string IdNumber);

/// <summary>What the mobile app (or the provider's H5 page) opens to run the provider's check.</summary>
public sealed record FaceProviderSession(
    [property: Description("Whose SDK or page runs the check.")] FaceProvider Provider,
    [property: Description("What the provider's SDK starts the check with (Tencent Cloud: the BizToken); the app hands it back to approve the check.")] string Token,
    [property: Description("The provider's H5 page for the check, where it has one (Tencent Cloud: the Url for WeChat H5).")] string? Url);

/// <summary>
/// The face-verification provider (B2), as <see cref="Sms.ISmsSender"/> is the SMS one. The mobile app runs the face
/// check with the provider, tagged with the platform's verification ID, and receives an opaque token; the platform
/// hands the token to this interface and trusts only what comes back. An implementation must fetch or verify the
/// result server-side (the provider's API over TLS with the platform's own credentials, or a signature checked with
/// the provider's key), never take it from the app; must return null unless the provider itself issued the token for
/// a check of exactly this verification ID; and must name the person the provider verified (name and identity
/// document), not the one the app claims. The platform then compares that person with the one the check is for.
/// A provider that can't be reached in time throws <see cref="FaceProviderUnavailableException"/>.
/// </summary>
public interface IFaceVerificationProvider
{
    /// <summary>Whether the provider can verify a person holding this kind of document.</summary>
    bool Supports(IdType idType);

    /// <summary>
    /// Opens the provider's check of <paramref name="subject"/> for <paramref name="verificationId"/>: what the app
    /// opens, or null when the provider needs nothing opened up front.
    /// </summary>
    Task<FaceProviderSession?> StartAsync(string verificationId, FaceSubject subject, CancellationToken cancellationToken);

    /// <summary>The provider's result for the token, or null when the provider knows no such result for this verification.</summary>
    Task<FaceCheckResult?> GetResultAsync(string verificationId, string providerToken, CancellationToken cancellationToken);
}

/// <summary>The provider did not answer in time, refused the platform's credentials or failed. <see cref="RetryAfter"/> is its own hint, when it gave one.</summary>
public sealed class FaceProviderUnavailableException(string message, Exception? inner = null, TimeSpan? retryAfter = null) : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
