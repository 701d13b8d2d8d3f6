using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Verification.Sms;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.Platform;

/// <summary>Local-run helpers. They answer 404 unless the development SMS provider is configured (Development only).</summary>
public sealed class DevelopmentFunctions(HttpEndpoint endpoint, DevelopmentSmsSender inbox, IOptions<SmsOptions> sms)
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
}
