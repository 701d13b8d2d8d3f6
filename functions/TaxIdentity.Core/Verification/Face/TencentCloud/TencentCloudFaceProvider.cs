using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Identifiers;

namespace TaxIdentity.Core.Verification.Face.TencentCloud;

/// <summary>
/// Tencent Cloud FaceID (腾讯云慧眼人脸核身), SaaS flow. Starting a check calls <c>DetectAuth</c> with the RuleId, the
/// subject's name and resident ID number and the platform's verification ID as <c>Extra</c>; the app starts Tencent's
/// SDK (or the H5 page) with the BizToken it answers. The result is fetched server-side with
/// <c>GetDetectInfoEnhanced</c> (text only, no images or video) and names the person FaceID compared with the
/// authoritative identity database: it passed only when the final code, liveness and comparison all succeeded and the
/// similarity reaches <see cref="TencentCloudFaceOptions.MinSimilarity"/>; a result whose <c>Extra</c> is another
/// verification is no result for this one. Logs carry the verification ID, action, error code and Tencent's request ID,
/// never the name, ID number, BizToken or key.
/// </summary>
public sealed partial class TencentCloudFaceProvider : IFaceVerificationProvider
{
    public const string HttpClientName = "TencentCloudFaceId";

    /// <summary>The service name in the credential scope (the endpoint's product name).</summary>
    public const string Service = "faceid";

    private const string Start = "DetectAuth";
    private const string Result = "GetDetectInfoEnhanced";

    /// <summary>Tencent's answer to a BizToken it never issued or no longer keeps: no result, not an outage.</summary>
    private static readonly string[] UnknownTokenCodes = ["InvalidParameterValue.BizTokenIllegal", "InvalidParameterValue.BizTokenExpired"];

    private readonly IHttpClientFactory httpClients;
    private readonly TimeProvider time;
    private readonly ILogger<TencentCloudFaceProvider> logger;
    private readonly TencentCloudFaceOptions settings;

    public TencentCloudFaceProvider(IHttpClientFactory httpClients, IOptions<TencentCloudFaceOptions> options, TimeProvider time, ILogger<TencentCloudFaceProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.httpClients = httpClients;
        this.time = time;
        this.logger = logger;
        settings = options.Value;
        if (!TencentCloudFaceOptionsValidation.IsAllowedEndpoint(settings.Endpoint) || string.IsNullOrEmpty(settings.RuleId))
        {
            throw new InvalidOperationException("Face:TencentCloud needs an https Endpoint and a RuleId.");
        }
    }

    /// <summary>FaceID compares with the resident identity database: second-generation resident ID cards only.</summary>
    public bool Supports(IdType idType) => idType == IdType.ResidentIdCard;

    public async Task<FaceProviderSession?> StartAsync(string verificationId, FaceSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var body = TencentCloudApi.Body(json =>
        {
            json.WriteString("RuleId", settings.RuleId);
            json.WriteString("IdCard", subject.IdNumber);
            json.WriteString("Name", subject.Name);
            json.WriteString("Extra", verificationId);
            if (settings.RedirectUrl is { } redirect)
            {
                json.WriteString("RedirectUrl", redirect.AbsoluteUri);
            }
        });

        using var answer = await CallAsync(Start, body, cancellationToken);
        if (answer.ErrorCode is { } code)
        {
            throw Refused(Start, verificationId, code, answer.RequestId);
        }

        var bizToken = TencentCloudApi.StringOf(answer.Response, "BizToken");
        if (string.IsNullOrEmpty(bizToken) || bizToken.Length > 256)
        {
            throw Refused(Start, verificationId, "NoBizToken", answer.RequestId);
        }

        LogStarted(logger, verificationId, answer.RequestId);
        var url = TencentCloudApi.StringOf(answer.Response, "Url");
        return new FaceProviderSession(FaceProvider.TencentCloud, bizToken, string.IsNullOrEmpty(url) ? null : url);
    }

    public async Task<FaceCheckResult?> GetResultAsync(string verificationId, string providerToken, CancellationToken cancellationToken)
    {
        var body = TencentCloudApi.Body(json =>
        {
            json.WriteString("BizToken", providerToken);
            json.WriteString("RuleId", settings.RuleId);

            // Text only: no ID card images, frames or video leave Tencent for this platform.
            json.WriteString("InfoType", "1");
        });

        using var answer = await CallAsync(Result, body, cancellationToken);
        if (answer.ErrorCode is { } code)
        {
            if (UnknownTokenCodes.Contains(code, StringComparer.Ordinal))
            {
                LogNoResult(logger, verificationId, code, answer.RequestId);
                return null;
            }

            throw Refused(Result, verificationId, code, answer.RequestId);
        }

        if (!answer.Response.TryGetProperty("Text", out var text) || text.ValueKind != JsonValueKind.Object)
        {
            LogNoResult(logger, verificationId, "NoText", answer.RequestId);
            return null;
        }

        // The check of another verification (its BizToken replayed here) is no result for this one.
        if (!string.Equals(TencentCloudApi.StringOf(text, "Extra"), verificationId, StringComparison.Ordinal))
        {
            LogNoResult(logger, verificationId, "AnotherVerification", answer.RequestId);
            return null;
        }

        if (TencentCloudApi.IntOf(text, "UseIDType") is { } document and not 0)
        {
            LogNoResult(logger, verificationId, "DocumentType" + document.ToString(CultureInfo.InvariantCulture), answer.RequestId);
            return null;
        }

        var errCode = TencentCloudApi.IntOf(text, "ErrCode");
        var liveStatus = TencentCloudApi.IntOf(text, "LiveStatus");
        var compareStatus = TencentCloudApi.IntOf(text, "Comparestatus");
        var similarity = SimilarityOf(text);
        var passed = errCode == 0
            && (liveStatus is null or 0)
            && (compareStatus is null or 0)
            && (similarity is null || similarity >= settings.MinSimilarity);
        LogResult(logger, verificationId, passed, errCode, liveStatus, compareStatus, answer.RequestId);
        return new FaceCheckResult(
            verificationId, passed, TencentCloudApi.StringOf(text, "Name") ?? string.Empty, IdType.ResidentIdCard, TencentCloudApi.StringOf(text, "IdCard") ?? string.Empty);
    }

    /// <summary>The similarity FaceID reports as a string (<c>"97.70"</c>); null when it gave none.</summary>
    private static double? SimilarityOf(JsonElement text) =>
        TencentCloudApi.StringOf(text, "Sim") is { } sim && double.TryParse(sim, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private Task<TencentCloudAnswer> CallAsync(string action, byte[] body, CancellationToken cancellationToken) =>
        TencentCloudApi.CallAsync(httpClients.CreateClient(HttpClientName), settings.Endpoint, action, body, settings.DeadlineSeconds, time, logger, cancellationToken);

    /// <summary>An answer with an Error: throttled or failing after the retries, or refusing the platform's key or RuleId.</summary>
    private FaceProviderUnavailableException Refused(string action, string verificationId, string code, string? requestId)
    {
        LogError(logger, action, verificationId, code, requestId);
        return new FaceProviderUnavailableException($"FaceID {action} answered {code} (request {requestId}).");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "FaceID started the check of verification {VerificationId} (request {RequestId})")]
    private static partial void LogStarted(ILogger logger, string verificationId, string? requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "FaceID result for verification {VerificationId}: passed {Passed}, ErrCode {ErrCode}, LiveStatus {LiveStatus}, Comparestatus {CompareStatus} (request {RequestId})")]
    private static partial void LogResult(ILogger logger, string verificationId, bool passed, int? errCode, int? liveStatus, int? compareStatus, string? requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FaceID has no result for verification {VerificationId}: {Reason} (request {RequestId})")]
    private static partial void LogNoResult(ILogger logger, string verificationId, string reason, string? requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "FaceID {Action} for verification {VerificationId} answered {ErrorCode} (request {RequestId})")]
    private static partial void LogError(ILogger logger, string action, string verificationId, string errorCode, string? requestId);
}
