using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Functions.Verification;

namespace TaxIdentity.Functions.Delegation;

/// <summary>E1 and E2, the natural person's side: invitations waiting for me, my answers, the enterprises I act for.</summary>
public sealed class AuthorizationFunctions(HttpEndpoint endpoint, AuthorizationService authorizations)
{
    private const string Tag = "Delegation (natural person)";

    [Function(nameof(ListMyAuthorizations))]
    [ApiDoc(Tag, "Invitations waiting for my confirmation (E1)", Response = typeof(InvitationView[]), Access = ApiAccess.SignedIn)]
    public Task<IActionResult> ListMyAuthorizations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/authorizations")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.Ok(await authorizations.PendingAsync(caller, cancellationToken)));

    [Function(nameof(ConfirmAuthorization))]
    [ApiDoc(Tag, "Confirm an invitation: I become a handler of the enterprise (E1, D3); 409 when it was withdrawn or expired first",
        Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> ConfirmAuthorization(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/authorizations/{invitationId}/confirm")] HttpRequest request,
        string invitationId,
        [DurableClient] DurableTaskClient durable) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            VerificationFunctions.NoContentOr(await authorizations.AnswerAsync(caller, invitationId, confirm: true, new DelegationWorkflowClient(durable), cancellationToken)));

    [Function(nameof(RejectAuthorization))]
    [ApiDoc(Tag, "Reject an invitation (E1, D3; the enterprise's history: rejected)", Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> RejectAuthorization(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/authorizations/{invitationId}/reject")] HttpRequest request,
        string invitationId,
        [DurableClient] DurableTaskClient durable) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            VerificationFunctions.NoContentOr(await authorizations.AnswerAsync(caller, invitationId, confirm: false, new DelegationWorkflowClient(durable), cancellationToken)));

    [Function(nameof(ListMyEnterprises))]
    [ApiDoc(Tag, "Enterprises where I hold an identity that works today, with its type and validity (E2)", Response = typeof(MyEnterprise[]), Access = ApiAccess.SignedIn)]
    public Task<IActionResult> ListMyEnterprises(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/enterprises")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.Ok(await authorizations.EnterprisesAsync(caller, cancellationToken)));
}
