using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace TaxIdentity.Core.Verification.Face.TencentCloud;

/// <summary>
/// Tencent Cloud FaceID (腾讯云慧眼人脸核身), used when <c>Face:Provider</c> is <see cref="FaceProvider.TencentCloud"/>.
/// Bound from the <c>Face:TencentCloud</c> section (<c>Face__TencentCloud__...</c>); the API key comes from Key Vault.
/// </summary>
public sealed class TencentCloudFaceOptions
{
    public const string Section = "Face:TencentCloud";

    /// <summary>The SecretId of a Tencent Cloud API key (a CAM sub-user's, allowed only FaceID).</summary>
    public string? SecretId { get; set; }

    /// <summary>The SecretKey of that API key; it signs requests and is never sent or logged.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The business flow (业务流程) created in the FaceID console; DetectAuth and GetDetectInfoEnhanced both name it.</summary>
    public string? RuleId { get; set; }

    /// <summary>The FaceID API endpoint; https (plain http only to loopback, for tests).</summary>
    public Uri Endpoint { get; set; } = new("https://faceid.tencentcloudapi.com");

    /// <summary>Where Tencent's H5 page sends the person after the check (WeChat H5 only); Tencent's default when unset.</summary>
    public Uri? RedirectUrl { get; set; }

    /// <summary>
    /// Lowest similarity (0-100) of the live face to the authoritative photo accepted, on top of FaceID's own verdict;
    /// Tencent documents 70 as one false accept in a thousand and 80 as one in ten thousand.
    /// </summary>
    [Range(0, 100, ErrorMessage = "Face:TencentCloud:MinSimilarity (Face__TencentCloud__MinSimilarity) must be between 0 and 100.")]
    public double MinSimilarity { get; set; } = 70;

    /// <summary>Attempts per call on 429, 5xx, RequestLimitExceeded, InternalError, timeouts and dropped connections, the first included.</summary>
    [Range(1, 10, ErrorMessage = "Face:TencentCloud:MaxAttempts (Face__TencentCloud__MaxAttempts) must be between 1 and 10.")]
    public int MaxAttempts { get; set; } = 3;

    [Range(1, 30, ErrorMessage = "Face:TencentCloud:AttemptTimeoutSeconds (Face__TencentCloud__AttemptTimeoutSeconds) must be between 1 and 30.")]
    public int AttemptTimeoutSeconds { get; set; } = 2;

    /// <summary>How long one call may take, retries included, while the person waits; past it the request answers 503.</summary>
    [Range(1, 30, ErrorMessage = "Face:TencentCloud:DeadlineSeconds (Face__TencentCloud__DeadlineSeconds) must be between 1 and 30.")]
    public int DeadlineSeconds { get; set; } = 5;
}

/// <summary>
/// With <c>Face:Provider</c> TencentCloud, start-up refuses missing or malformed credentials (an unresolved Key Vault
/// reference included) without echoing them; with any other provider the section is not read.
/// </summary>
public sealed partial class TencentCloudFaceOptionsValidation(IOptions<FaceOptions> face) : IValidateOptions<TencentCloudFaceOptions>
{
    public ValidateOptionsResult Validate(string? name, TencentCloudFaceOptions options)
    {
        var failures = new List<string>();
        if (options.AttemptTimeoutSeconds > options.DeadlineSeconds)
        {
            failures.Add("Face:TencentCloud:AttemptTimeoutSeconds (Face__TencentCloud__AttemptTimeoutSeconds) can't be longer than Face:TencentCloud:DeadlineSeconds.");
        }

        FaceProvider provider;
        try
        {
            provider = face.Value.Provider;
        }
        catch (OptionsValidationException)
        {
            // The Face section's own validation reports what is wrong with it.
            return ValidateOptionsResult.Skip;
        }

        if (provider == FaceProvider.TencentCloud)
        {
            if (options.SecretId is null || !Credential().IsMatch(options.SecretId))
            {
                failures.Add("With Face:Provider TencentCloud, Face:TencentCloud:SecretId (Face__TencentCloud__SecretId) must be the SecretId of a Tencent Cloud API key (16-128 letters and digits); check its Key Vault reference.");
            }

            if (options.SecretKey is null || !Credential().IsMatch(options.SecretKey))
            {
                failures.Add("With Face:Provider TencentCloud, Face:TencentCloud:SecretKey (Face__TencentCloud__SecretKey) must be the SecretKey of that API key (16-128 letters and digits); check its Key Vault reference.");
            }

            if (options.RuleId is null || !RuleIdPattern().IsMatch(options.RuleId))
            {
                failures.Add("With Face:Provider TencentCloud, Face:TencentCloud:RuleId (Face__TencentCloud__RuleId) must be the RuleId of the FaceID business flow (1-64 letters, digits, '-' or '_').");
            }

            if (!IsAllowedEndpoint(options.Endpoint))
            {
                failures.Add("Face:TencentCloud:Endpoint (Face__TencentCloud__Endpoint) must be an absolute https URI with no path: https://faceid.tencentcloudapi.com.");
            }

            if (options.RedirectUrl is { } redirect && !(redirect.IsAbsoluteUri && redirect.Scheme == Uri.UriSchemeHttps))
            {
                failures.Add("Face:TencentCloud:RedirectUrl (Face__TencentCloud__RedirectUrl) must be an absolute https URI.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>https with no path, or plain http to loopback (the tests' stub).</summary>
    public static bool IsAllowedEndpoint(Uri? endpoint) =>
        endpoint is { IsAbsoluteUri: true, AbsolutePath: "/", Query: "" }
        && (endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback));

    [GeneratedRegex("^[A-Za-z0-9]{16,128}$")]
    private static partial Regex Credential();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex RuleIdPattern();
}
