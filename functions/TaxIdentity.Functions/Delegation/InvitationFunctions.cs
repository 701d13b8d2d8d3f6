using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Functions.Verification;

namespace TaxIdentity.Functions.Delegation;

/// <summary>D1-D3 on the enterprise's side: adding a handler by invitation, the pending list, withdrawing.</summary>
public sealed class InvitationFunctions(HttpEndpoint endpoint, InvitationService invitations)
{
    public const string Tag = "Tax-handler management";

    [Function(nameof(PreviewInvitation))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "Check what was typed for an invitation and get the risk notice to acknowledge before sending it (D1, D11); needs handlerManagement; "
        + "answers every name and ID alike (the person is looked up on creation) and is throttled per manager and per enterprise",
        Request = typeof(InvitationRequest), Response = typeof(InvitationPreview), Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.Forbidden, ErrorCodes.RateLimited])]
    public Task<IActionResult> PreviewInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprise/invitations/preview")] HttpRequest request) =>
        endpoint.SignedInAsync<InvitationRequest>(request, async (caller, body, cancellationToken) =>
            ApiResult.From(await invitations.PreviewAsync(caller, body, cancellationToken)));

    [Function(nameof(CreateInvitation))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "Invite a registered person to act for the enterprise, with riskAcknowledged: true (D1); starts its workflow",
        Request = typeof(InvitationRequest), Response = typeof(InvitationCreated), Status = 201, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.Forbidden, ErrorCodes.Conflict])]
    public Task<IActionResult> CreateInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprise/invitations")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        endpoint.SignedInAsync<InvitationRequest>(request, async (caller, body, cancellationToken) =>
            ApiResult.From(await invitations.CreateAsync(caller, body, new DelegationWorkflowClient(durable), cancellationToken), StatusCodes.Status201Created));

    [Function(nameof(ListPendingInvitations))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "Invitations waiting for their answer, by identity type and fuzzy name (D2)",
        Response = typeof(InvitationView[]), Access = ApiAccess.SignedIn, Query = ["identityType", "name"],
        Problems = [ErrorCodes.ValidationFailed, ErrorCodes.Forbidden])]
    public Task<IActionResult> ListPendingInvitations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise/invitations")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            ApiResult.From(await invitations.PendingAsync(caller, request.Query["identityType"], request.Query["name"], cancellationToken)));

    [Function(nameof(GetInvitation))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "One of the enterprise's invitations, in any status, with its function set (D2)", Response = typeof(InvitationView), Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.Forbidden, ErrorCodes.NotFound])]
    public Task<IActionResult> GetInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise/invitations/{invitationId}")] HttpRequest request, string invitationId) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            ApiResult.From(await invitations.GetAsync(caller, invitationId, cancellationToken)));

    [Function(nameof(WithdrawInvitation))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(Tag, "Withdraw a pending invitation (D2; history: withdrawn); 409 when it was answered or expired first", Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.Forbidden, ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> WithdrawInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprise/invitations/{invitationId}/withdraw")] HttpRequest request,
        string invitationId,
        [DurableClient] DurableTaskClient durable) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            VerificationFunctions.NoContentOr(await invitations.WithdrawAsync(caller, invitationId, new DelegationWorkflowClient(durable), cancellationToken)));
}
