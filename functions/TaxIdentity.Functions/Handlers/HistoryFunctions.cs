using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Handlers;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Functions.Delegation;

namespace TaxIdentity.Functions.Handlers;

/// <summary>D7: the enterprise's history of deleted, withdrawn, rejected and expired records.</summary>
public sealed class HistoryFunctions(HttpEndpoint endpoint, HistoryService history)
{
    private const string Tag = InvitationFunctions.Tag;

    [Function(nameof(ListHistory))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "History records, newest first, by kind, identity type and fuzzy name (D7)",
        Response = typeof(HistoryRecordView[]), Access = ApiAccess.SignedIn, Query = ["kind", "identityType", "name"],
        Problems = [ErrorCodes.ValidationFailed, ErrorCodes.Forbidden])]
    public Task<IActionResult> ListHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise/history")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            ApiResult.From(await history.ListAsync(caller, request.Query["kind"], request.Query["identityType"], request.Query["name"], cancellationToken)));

    [Function(nameof(ClearHistory))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "Clear exactly the history records the filters select (D7, D11): at least one non-empty filter, or all=true alone; "
        + "the clearing itself is recorded (GET /api/enterprise/history/clearings)",
        Response = typeof(HistoryCleared), Access = ApiAccess.SignedIn, Query = ["kind", "identityType", "name", "all"],
        Problems = [ErrorCodes.ValidationFailed, ErrorCodes.Forbidden])]
    public Task<IActionResult> ClearHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "enterprise/history")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            ApiResult.From(await history.ClearAsync(caller, request.Query["kind"], request.Query["identityType"], request.Query["name"], request.Query["all"], cancellationToken)));

    [Function(nameof(ListHistoryClearings))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "Every clearing of the history, newest first: who, as what, when, which filters, how many (D11); the legal representative and the financial officer only",
        Response = typeof(HistoryClearingView[]), Access = ApiAccess.SignedIn, Problems = [ErrorCodes.Forbidden])]
    public Task<IActionResult> ListHistoryClearings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise/history/clearings")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.From(await history.ClearingsAsync(caller, cancellationToken)));
}
