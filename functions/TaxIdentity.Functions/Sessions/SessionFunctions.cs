using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Agreement;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Sessions;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Functions.Verification;

namespace TaxIdentity.Functions.Sessions;

public sealed record RefreshRequest([property: Required, MinLength(1)] string? RefreshToken);

/// <summary>Sessions (A11), the agreement (A9) and identity switching (H1-H3).</summary>
public sealed class SessionFunctions(
    HttpEndpoint endpoint, SessionService sessions, SwitchService switcher, IdentityDirectory identities, AgreementService agreement)
{
    private const string Tag = "Sessions";

    [Function(nameof(RefreshSession))]
    [ApiDoc(Tag, "Trade a refresh token for new tokens; reusing a spent one ends the session (A11)", Request = typeof(RefreshRequest), Response = typeof(SessionResponse),
        Problems = [ErrorCodes.Unauthenticated, ErrorCodes.Conflict])]
    public Task<IActionResult> RefreshSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/refresh")] HttpRequest request) =>
        endpoint.AnonymousAsync<RefreshRequest>(request, async (body, _, cancellationToken) =>
            ApiResult.From(await sessions.RefreshAsync(body.RefreshToken, cancellationToken)));

    [Function(nameof(Logout))]
    [ApiDoc(Tag, "End the current session", Status = 204, Access = ApiAccess.SignedIn)]
    public Task<IActionResult> Logout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/logout")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
        {
            await sessions.RevokeAsync(caller.Session, "logout", cancellationToken);
            return ApiResult.NoContent();
        }, beforeAgreement: true);

    [Function(nameof(SwitchIdentity))]
    [ApiDoc(Tag, "Switch to another identity: enterprise, personal or cross-region (H1-H3); recorded in the login log", Request = typeof(SwitchRequest), Response = typeof(SessionResponse), Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> SwitchIdentity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/switch")] HttpRequest request) =>
        endpoint.SignedInAsync<SwitchRequest>(request, async (caller, body, cancellationToken) =>
            ApiResult.From(await switcher.SwitchAsync(caller, body, HttpEndpoint.ClientOf(request), cancellationToken)));

    [Function(nameof(GetMyIdentities))]
    [ApiDoc(Tag, "The identities I can switch to (masked)", Response = typeof(IReadOnlyList<IdentityView>), Access = ApiAccess.SignedIn)]
    public Task<IActionResult> GetMyIdentities(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/identities")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.Ok(await identities.ViewsAsync(caller.PersonId, cancellationToken)));

    [Function(nameof(GetAgreement))]
    [ApiDoc(Tag, "The service agreement and whether I must accept it (A9)", Response = typeof(AgreementView), Access = ApiAccess.SignedIn)]
    public Task<IActionResult> GetAgreement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/agreement")] HttpRequest request) =>
        endpoint.SignedInAsync(request, (caller, _) => Task.FromResult<IActionResult>(ApiResult.Ok(agreement.View(caller))), beforeAgreement: true);

    [Function(nameof(AcceptAgreement))]
    [ApiDoc(Tag, "Accept the current agreement version (A9)", Request = typeof(AgreementAcceptance), Status = 204, Access = ApiAccess.SignedIn)]
    public Task<IActionResult> AcceptAgreement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/agreement")] HttpRequest request) =>
        endpoint.SignedInAsync<AgreementAcceptance>(request, async (caller, body, cancellationToken) =>
            VerificationFunctions.NoContentOr(await agreement.AcceptAsync(caller, body, cancellationToken)), beforeAgreement: true);
}
