using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Handlers;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Functions.Delegation;
using TaxIdentity.Functions.Verification;

namespace TaxIdentity.Functions.Handlers;

/// <summary>D7: the enterprise's history of deleted, withdrawn, rejected and expired records.</summary>
public sealed class HistoryFunctions(HttpEndpoint endpoint, HistoryService history)
{
    private const string Tag = InvitationFunctions.Tag;

    [Function(nameof(ListHistory))]
    [ApiDoc(Tag, "History records, newest first, by kind, identity type and fuzzy name (D7)",
        Response = typeof(HistoryRecordView[]), Access = ApiAccess.SignedIn, Query = ["kind", "identityType", "name"],
        Problems = [ErrorCodes.ValidationFailed, ErrorCodes.Forbidden])]
    public Task<IActionResult> ListHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise/history")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            ApiResult.From(await history.ListAsync(caller, request.Query["kind"], request.Query["identityType"], request.Query["name"], cancellationToken)));

    [Function(nameof(ClearHistory))]
    [ApiDoc(Tag, "Clear the history records the same filters select (all without filters) (D7)", Status = 204, Access = ApiAccess.SignedIn,
        Query = ["kind", "identityType", "name"],
        Problems = [ErrorCodes.ValidationFailed, ErrorCodes.Forbidden])]
    public Task<IActionResult> ClearHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "enterprise/history")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            VerificationFunctions.NoContentOr(await history.ClearAsync(caller, request.Query["kind"], request.Query["identityType"], request.Query["name"], cancellationToken)));
}
