using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.Platform;

public sealed class PlatformFunctions(HttpEndpoint endpoint, OpenApiDocument document)
{
    [Function(nameof(GetOpenApiDocument))]
    [ApiDoc("Platform", "This OpenAPI 3.1 document")]
    public Task<IActionResult> GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        endpoint.RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.JsonText(document.Json)));
}
