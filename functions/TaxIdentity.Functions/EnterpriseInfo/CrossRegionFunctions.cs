using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.CrossRegion;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.EnterpriseInfo;

/// <summary>H3: the enterprise's cross-region items to switch into (POST /api/auth/switch with the item ID).</summary>
public sealed class CrossRegionFunctions(HttpEndpoint endpoint, CrossRegionSearch search)
{
    private const string Tag = "Sessions";

    [Function(nameof(SearchInspectionItems))]
    [ApiDoc(Tag, "The enterprise's cross-region inspection items by province, city, district, tax authority and management number (H3)",
        Response = typeof(CrossRegionItemView[]), Access = ApiAccess.SignedIn, Query = ["province", "city", "district", "taxAuthority", "managementNumber"],
        Problems = [ErrorCodes.ValidationFailed, ErrorCodes.Forbidden])]
    public Task<IActionResult> SearchInspectionItems(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cross-region/inspection-items")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.From(await search.SearchAsync(
            caller, CrossRegionKind.Inspection, Filter(request) with { ManagementNumber = request.Query["managementNumber"] }, cancellationToken)));

    [Function(nameof(SearchTaxSources))]
    [ApiDoc(Tag, "The enterprise's cross-region tax-source registrations by province, city, district and tax authority (H3)",
        Response = typeof(CrossRegionItemView[]), Access = ApiAccess.SignedIn, Query = ["province", "city", "district", "taxAuthority"],
        Problems = [ErrorCodes.ValidationFailed, ErrorCodes.Forbidden])]
    public Task<IActionResult> SearchTaxSources(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cross-region/tax-sources")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            ApiResult.From(await search.SearchAsync(caller, CrossRegionKind.TaxSource, Filter(request), cancellationToken)));

    private static CrossRegionFilter Filter(HttpRequest request) =>
        new(request.Query["province"], request.Query["city"], request.Query["district"], request.Query["taxAuthority"]);
}
