using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.Platform;

public sealed class PlatformFunctions(HttpEndpoint endpoint, OpenApiDocument document)
{
    [Function(nameof(GetOpenApiDocument))]
    [ApiDoc("Platform", "This OpenAPI 3.1 document")]
    public Task<IActionResult> GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        endpoint.RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.JsonText(document.Json)));

    /// <summary>Answers every route no other function serves with a problem+json 404.</summary>
    [Function(nameof(RouteNotFound))]
    [ApiDoc("Platform", "Unknown route", Hidden = true)]
    public Task<IActionResult> RouteNotFound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "{*path}")] HttpRequest request) =>
        endpoint.RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.For(Problem.NotFound("No such route."))));
}
