using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Agencies;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.EnterpriseInfo;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.EnterpriseInfo;

/// <summary>C1, C2 and G1: the enterprise of the current identity, its audited reveal, and its agencies.</summary>
public sealed class EnterpriseInfoFunctions(HttpEndpoint endpoint, EnterpriseInfoService info, AgencyService agencies)
{
    public const string Tag = "Enterprise information";

    [Function(nameof(GetEnterprise))]
    [ApiDoc(Tag, "The enterprise of the current identity, masked, with my identities in it, the current one marked (C1)",
        Response = typeof(EnterpriseInfoView), Access = ApiAccess.SignedIn, Problems = [ErrorCodes.Forbidden, ErrorCodes.NotFound])]
    public Task<IActionResult> GetEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.From(await info.GetAsync(caller, cancellationToken)));

    [Function(nameof(RevealEnterpriseField))]
    [ApiDoc(Tag, "Show a masked field in full (the eye); each reveal is recorded first (C2)",
        Request = typeof(RevealRequest), Response = typeof(RevealedValue), Access = ApiAccess.SignedIn, Problems = [ErrorCodes.Forbidden, ErrorCodes.NotFound])]
    public Task<IActionResult> RevealEnterpriseField(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprise/reveal")] HttpRequest request) =>
        endpoint.SignedInAsync<RevealRequest>(request, async (caller, body, cancellationToken) =>
            ApiResult.From(await info.RevealAsync(caller, body, HttpEndpoint.ClientOf(request), cancellationToken)));

    [Function(nameof(ListReveals))]
    [RequiresFunction(TaxFunctions.LoginLogs)]
    [ApiDoc(Tag, "The trail of reveals, newest first, the last 30 days unless from/to say otherwise; managers holding loginLogs (C2)",
        Response = typeof(RevealRecordPage), Access = ApiAccess.SignedIn, Query = ["from", "to", "pageSize", "continuation"],
        Problems = [ErrorCodes.ValidationFailed, ErrorCodes.Forbidden])]
    public Task<IActionResult> ListReveals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise/reveals")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.From(await info.RevealsAsync(
            caller, request.Query["from"], request.Query["to"], request.Query["pageSize"], request.Query["continuation"], cancellationToken)));

    [Function(nameof(ListAgencies))]
    [RequiresFunction(TaxFunctions.MyAgencies)]
    [ApiDoc(Tag, "The agencies serving the enterprise; managers holding myAgencies (G1)",
        Response = typeof(AgencyView[]), Access = ApiAccess.SignedIn, Problems = [ErrorCodes.Forbidden])]
    public Task<IActionResult> ListAgencies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise/agencies")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.From(await agencies.ListAsync(caller, cancellationToken)));
}
