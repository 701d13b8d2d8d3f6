using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.Catalog;

public sealed class CatalogFunctions(HttpEndpoint endpoint)
{
    [Function(nameof(GetIdentityTypes))]
    [ApiDoc("Catalogue", "Identity types with their default function sets", Response = typeof(IReadOnlyList<IdentityTypeInfo>), UsesStorage = false)]
    public Task<IActionResult> GetIdentityTypes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/identity-types")] HttpRequest request) =>
        endpoint.RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.Ok(CatalogService.IdentityTypes)));

    [Function(nameof(GetFunctions))]
    [ApiDoc("Catalogue", "The platform's tax functions", Response = typeof(IReadOnlyList<TaxFunction>), UsesStorage = false)]
    public Task<IActionResult> GetFunctions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/functions")] HttpRequest request) =>
        endpoint.RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.Ok(CatalogService.Functions)));
}
