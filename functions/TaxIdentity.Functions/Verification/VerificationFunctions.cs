using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Verification;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.Verification;

/// <summary>Captcha (A8), SMS codes (B1) and face checks (B2).</summary>
public sealed class VerificationFunctions(HttpEndpoint endpoint, CaptchaService captchas, VerificationService verifications, FaceVerificationService faces, LoginService login)
{
    private const string Tag = "Verification";

    [Function(nameof(CreateCaptcha))]
    [ApiDoc(Tag, "A proof-of-work captcha for the login page (A8); throttled per client", Response = typeof(CaptchaIssued), Status = 201,
        Problems = [ErrorCodes.RateLimited])]
    public Task<IActionResult> CreateCaptcha(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "captcha")] HttpRequest request) =>
        endpoint.RunAsync(request, async cancellationToken =>
            ApiResult.From(await captchas.IssueAsync(HttpEndpoint.ClientOf(request), cancellationToken), StatusCodes.Status201Created));

    [Function(nameof(SendSmsCode))]
    [ApiDoc(Tag, "Send an SMS code (B1); anonymous purposes need a captcha; login and resetPassword take an account and answer 202 whether or not it exists",
        Request = typeof(SmsRequest), Response = typeof(SmsSent), Status = 202, Access = ApiAccess.PublicOrSignedIn,
        Problems = [ErrorCodes.CaptchaFailed, ErrorCodes.Conflict, ErrorCodes.RateLimited])]
    public Task<IActionResult> SendSmsCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "verifications/sms")] HttpRequest request) =>
        endpoint.OptionallySignedInAsync<SmsRequest>(request, async (body, caller, cancellationToken) =>
        {
            var client = HttpEndpoint.ClientOf(request);
            if (await login.ThrottleAsync(client, cancellationToken) is { } throttled)
            {
                return ApiResult.For(throttled);
            }

            return ApiResult.From(await verifications.RequestSmsAsync(body, caller, client, cancellationToken), StatusCodes.Status202Accepted);
        });

    [Function(nameof(CreateFaceVerification))]
    [ApiDoc(Tag, "Start a face check (B2): signed in, or anonymous for register and resetPassword with the claimed name and ID; answers the QR code and what the provider's SDK or H5 page opens",
        Request = typeof(FaceRequest), Response = typeof(FaceVerificationCreated), Status = 201, Access = ApiAccess.PublicOrSignedIn,
        Problems = [ErrorCodes.AgreementRequired, ErrorCodes.NotFound, ErrorCodes.RateLimited])]
    public Task<IActionResult> CreateFaceVerification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "verifications/face")] HttpRequest request) =>
        endpoint.OptionallySignedInAsync<FaceRequest>(request, async (body, caller, cancellationToken) =>
        {
            if (caller is null && await login.ThrottleAsync(HttpEndpoint.ClientOf(request), cancellationToken) is { } throttled)
            {
                return ApiResult.For(throttled);
            }

            return ApiResult.From(await verifications.RequestFaceAsync(body, caller, cancellationToken), StatusCodes.Status201Created);
        });

    [Function(nameof(GetVerification))]
    [ApiDoc(Tag, "The status of an SMS code or face check", Response = typeof(VerificationState), Problems = [ErrorCodes.NotFound])]
    public Task<IActionResult> GetVerification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "verifications/{verificationId}")] HttpRequest request, string verificationId) =>
        endpoint.RunAsync(request, async cancellationToken => ApiResult.From(await verifications.StatusAsync(verificationId, cancellationToken)));

    [Function(nameof(ApproveFaceVerification))]
    [ApiDoc(Tag, "The mobile app hands over the face-verification provider's token; approved only when the provider's result names the person the check is for",
        Request = typeof(FaceApproval), Status = 204, Access = ApiAccess.AppOptionallySignedIn,
        Problems = [ErrorCodes.VerificationFailed, ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> ApproveFaceVerification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "app/verifications/{verificationId}/approve")] HttpRequest request, string verificationId) =>
        endpoint.AppOptionallySignedInAsync<FaceApproval>(request, async (body, caller, cancellationToken) =>
            NoContentOr(await faces.ApproveAsync(verificationId, body, caller, cancellationToken)));

    internal static ApiResult NoContentOr(Outcome<Done> outcome) => outcome.Succeeded ? ApiResult.NoContent() : ApiResult.For(outcome.Problem);
}
