using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.Platform;

public sealed class PlatformFunctions(HttpEndpoint endpoint, ApiDocument document)
{
    [Function(nameof(GetOpenApiDocument))]
    [ApiDoc("Platform", "This OpenAPI 3.1 document", Response = typeof(JsonObject), UsesStorage = false)]
    public Task<IActionResult> GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        endpoint.RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.JsonText(document.Json)));
}
