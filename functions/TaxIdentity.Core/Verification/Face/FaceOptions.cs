namespace TaxIdentity.Core.Verification.Face;

public enum FaceProvider
{
    /// <summary>No face-verification provider: face checks are not offered (their routes answer 404).</summary>
    None,

    /// <summary>Results made up through POST /api/dev/face/{verificationId}; refused outside Development.</summary>
    Development,

    /// <summary>Tencent Cloud FaceID (腾讯云慧眼人脸核身): DetectAuth, then GetDetectInfoEnhanced; settings in <c>Face:TencentCloud</c>.</summary>
    TencentCloud,
}

/// <summary>The face-verification provider (B2). Bound from the <c>Face</c> section.</summary>
public sealed class FaceOptions
{
    public const string Section = "Face";

    public FaceProvider Provider { get; set; } = FaceProvider.None;
}
