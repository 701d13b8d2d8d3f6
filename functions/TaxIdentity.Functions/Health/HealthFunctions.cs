using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Health;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.Health;

public sealed class HealthFunctions(HttpEndpoint endpoint, HealthService health)
{
    [Function(nameof(GetHealth))]
    [ApiDoc("Platform", "Liveness with a storage check; 503 when storage does not answer", Response = typeof(HealthReport))]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, typeof(HealthReport), "Storage does not answer.")]
    public Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        endpoint.RunAsync(request, async cancellationToken =>
        {
            var report = await health.CheckAsync(cancellationToken);
            return ApiResult.Json(report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, report);
        });
}
