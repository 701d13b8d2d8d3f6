using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Handlers;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Functions.Delegation;
using TaxIdentity.Functions.Verification;

namespace TaxIdentity.Functions.Handlers;

/// <summary>D4-D6: the enterprise's existing handlers, their function sets and validity, deletion, assist codes.</summary>
public sealed class HandlerFunctions(HttpEndpoint endpoint, HandlerService handlers)
{
    private const string Tag = InvitationFunctions.Tag;

    [Function(nameof(ListHandlers))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "The enterprise's handlers (every identity), by identity type and fuzzy name (D4)",
        Response = typeof(HandlerView[]), Access = ApiAccess.SignedIn, Query = ["identityType", "name"],
        Problems = [ErrorCodes.ValidationFailed, ErrorCodes.Forbidden])]
    public Task<IActionResult> ListHandlers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise/handlers")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            ApiResult.From(await handlers.ListAsync(caller, request.Query["identityType"], request.Query["name"], cancellationToken)));

    [Function(nameof(GetHandler))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "One handler with its function set, validity and assist code (D4)", Response = typeof(HandlerView), Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.Forbidden, ErrorCodes.NotFound])]
    public Task<IActionResult> GetHandler(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise/handlers/{handlerId}")] HttpRequest request, string handlerId) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.From(await handlers.GetAsync(caller, handlerId, cancellationToken)));

    [Function(nameof(UpdateHandler))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "Change a handler's function set and/or validity end; legal representative or financial officer only, never their own identities (D4)",
        Request = typeof(HandlerPatch), Response = typeof(HandlerView), Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.Forbidden, ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> UpdateHandler(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "enterprise/handlers/{handlerId}")] HttpRequest request, string handlerId) =>
        endpoint.SignedInAsync<HandlerPatch>(request, async (caller, body, cancellationToken) =>
            ApiResult.From(await handlers.UpdateAsync(caller, handlerId, body, cancellationToken)));

    [Function(nameof(DeleteHandler))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "Delete a handler: the identity ends at once, the record goes to history (D5)", Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.Forbidden, ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> DeleteHandler(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "enterprise/handlers/{handlerId}")] HttpRequest request, string handlerId) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            VerificationFunctions.NoContentOr(await handlers.DeleteAsync(caller, handlerId, cancellationToken)));

    [Function(nameof(SetAssistCode))]
    [RequiresFunction(TaxFunctions.AssistCodeSettings)]
    [ApiDoc(Tag, "Switch a handler's assist code (助信码) and choose its functions from the handler's set (D6); needs assistCodeSettings",
        Request = typeof(AssistCodeRequest), Response = typeof(HandlerView), Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.Forbidden, ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> SetAssistCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "enterprise/handlers/{handlerId}/assist-code")] HttpRequest request, string handlerId) =>
        endpoint.SignedInAsync<AssistCodeRequest>(request, async (caller, body, cancellationToken) =>
            ApiResult.From(await handlers.SetAssistCodeAsync(caller, handlerId, body, cancellationToken)));
}
