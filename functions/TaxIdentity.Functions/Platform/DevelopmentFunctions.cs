using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Verification.Face;
using TaxIdentity.Core.Verification.Sms;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.Platform;

/// <summary>
/// Local-run helpers. Each answers 404 unless its development provider (SMS, face) is configured, which start-up
/// allows only in the Development environment.
/// </summary>
public sealed class DevelopmentFunctions(
    HttpEndpoint endpoint, DevelopmentSmsSender inbox, IOptions<SmsOptions> sms, DevelopmentFaceProvider faces, IOptions<FaceOptions> face)
{
    [Function(nameof(GetDevelopmentSms))]
    [ApiDoc("Development", "What the development SMS provider sent to a phone, newest first (development settings only)",
        Response = typeof(IReadOnlyList<DevelopmentSms>), Query = ["phone"], RequiredQuery = ["phone"], Problems = [ErrorCodes.NotFound])]
    public Task<IActionResult> GetDevelopmentSms(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/sms")] HttpRequest request) =>
        endpoint.RunAsync(request, async cancellationToken =>
        {
            if (sms.Value.Provider != SmsProvider.Development)
            {
                return ApiResult.For(Problem.NotFound("No such route."));
            }

            var phone = PhoneNumber.Normalize(request.Query["phone"], out var error);
            return phone is null
                ? ApiResult.For(Problem.Validation("phone", error!))
                : ApiResult.Ok(await inbox.InboxAsync(phone, cancellationToken));
        });

    [Function(nameof(CreateDevelopmentFaceResult))]
    [ApiDoc("Development", "The development face provider's result for a face check, as the app would receive it from a real provider (development settings only)",
        Request = typeof(DevelopmentFaceRequest), Response = typeof(DevelopmentFaceResult), Problems = [ErrorCodes.NotFound])]
    public Task<IActionResult> CreateDevelopmentFaceResult(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/face/{verificationId}")] HttpRequest request, string verificationId) =>
        endpoint.RunAsync(request, async cancellationToken =>
        {
            if (face.Value.Provider != FaceProvider.Development)
            {
                return ApiResult.For(Problem.NotFound("No such route."));
            }

            var body = await endpoint.ReadJsonAsync<DevelopmentFaceRequest>(request, cancellationToken);
            return body.Succeeded ? ApiResult.From(await faces.IssueAsync(verificationId, body.Value, cancellationToken)) : ApiResult.For(body.Problem);
        });
}
