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

/// <summary>D9: a person applies to act for an enterprise; the enterprise's managers approve or reject; the applicant withdraws.</summary>
public sealed class ApplicationFunctions(HttpEndpoint endpoint, ApplicationService applications)
{
    private const string PersonTag = "Delegation (natural person)";

    [Function(nameof(Apply))]
    [ApiDoc(PersonTag, "Apply to act for an enterprise (D9); starts its workflow", Request = typeof(ApplicationRequest), Response = typeof(ApplicationCreated),
        Status = 201, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> Apply(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/applications")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        endpoint.SignedInAsync<ApplicationRequest>(request, async (caller, body, cancellationToken) =>
            ApiResult.From(await applications.ApplyAsync(caller, body, new DelegationWorkflowClient(durable), cancellationToken), StatusCodes.Status201Created));

    [Function(nameof(ListMyApplications))]
    [ApiDoc(PersonTag, "My applications, every status, newest first (D9, E1)", Response = typeof(ApplicationView[]), Access = ApiAccess.SignedIn)]
    public Task<IActionResult> ListMyApplications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/applications")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.Ok(await applications.MineAsync(caller, cancellationToken)));

    [Function(nameof(WithdrawApplication))]
    [ApiDoc(PersonTag, "Withdraw my pending application (D9; the enterprise's history: withdrawn)", Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> WithdrawApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/applications/{applicationId}/withdraw")] HttpRequest request,
        string applicationId,
        [DurableClient] DurableTaskClient durable) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            VerificationFunctions.NoContentOr(await applications.WithdrawAsync(caller, applicationId, new DelegationWorkflowClient(durable), cancellationToken)));

    [Function(nameof(ListPendingApplications))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(InvitationFunctions.Tag, "Applications waiting for the enterprise's review, by identity type and fuzzy name (D9)",
        Response = typeof(ApplicationView[]), Access = ApiAccess.SignedIn, Query = ["identityType", "name"],
        Problems = [ErrorCodes.ValidationFailed, ErrorCodes.Forbidden])]
    public Task<IActionResult> ListPendingApplications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise/applications")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            ApiResult.From(await applications.PendingAsync(caller, request.Query["identityType"], request.Query["name"], cancellationToken)));

    [Function(nameof(ApproveApplication))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(InvitationFunctions.Tag, "Approve an application with the function set and validity end chosen (D9): the applicant becomes a handler",
        Request = typeof(ApprovalRequest), Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.Forbidden, ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> ApproveApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprise/applications/{applicationId}/approve")] HttpRequest request,
        string applicationId,
        [DurableClient] DurableTaskClient durable) =>
        endpoint.SignedInAsync<ApprovalRequest>(request, async (caller, body, cancellationToken) =>
            VerificationFunctions.NoContentOr(await applications.ApproveAsync(caller, applicationId, body, new DelegationWorkflowClient(durable), cancellationToken)));

    [Function(nameof(RejectApplication))]
    [RequiresFunction(TaxFunctions.HandlerManagement)]
    [ApiDoc(InvitationFunctions.Tag, "Reject an application, optionally with a reason (D9; history: rejected); the body may be left out",
        Request = typeof(RejectionRequest), Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.Forbidden, ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> RejectApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enterprise/applications/{applicationId}/reject")] HttpRequest request,
        string applicationId,
        [DurableClient] DurableTaskClient durable) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
        {
            var body = IsEmpty(request) ? new RejectionRequest(null) : await endpoint.ReadJsonAsync<RejectionRequest>(request, cancellationToken);
            return body.Succeeded
                ? VerificationFunctions.NoContentOr(await applications.RejectAsync(caller, applicationId, body.Value, new DelegationWorkflowClient(durable), cancellationToken))
                : ApiResult.For(body.Problem);
        });

    private static bool IsEmpty(HttpRequest request) =>
        request.ContentLength is 0 || (request.ContentLength is null && string.IsNullOrEmpty(request.ContentType));
}
