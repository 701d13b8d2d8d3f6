using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Verification;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.Catalog;

public sealed class CatalogFunctions(HttpEndpoint endpoint, ProofCatalog proofs)
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

    [Function(nameof(GetVerificationMethods))]
    [ApiDoc("Catalogue", "Which proofs this deployment offers (SMS codes, face checks and for which ID types, registration codes), so pages offer 扫脸验证 only where it works",
        Response = typeof(VerificationMethods), UsesStorage = false)]
    public Task<IActionResult> GetVerificationMethods(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/verification-methods")] HttpRequest request) =>
        endpoint.RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.Ok(proofs.Methods())));

    [Function(nameof(GetRealNameLevels))]
    [ApiDoc("Catalogue", "The real-name levels (实名等级) 0-4: what proves each and what it allows (F1)", Response = typeof(IReadOnlyList<RealNameLevelInfo>), UsesStorage = false)]
    public Task<IActionResult> GetRealNameLevels(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/real-name-levels")] HttpRequest request) =>
        endpoint.RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.Ok(RealNameLevels.All)));
}
