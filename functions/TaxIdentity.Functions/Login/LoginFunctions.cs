using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Sessions;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Functions.Verification;

namespace TaxIdentity.Functions.Login;

/// <summary>Password, SMS-code and QR-code logins (A2-A7).</summary>
public sealed class LoginFunctions(HttpEndpoint endpoint, LoginService login, QrLoginService qr)
{
    private const string Tag = "Registration and login";

    [Function(nameof(PasswordLogin))]
    [ApiDoc(Tag, "Password login in the enterprise, specific-subject, non-resident or personal mode (A2-A5); with the app's X-App-Key it starts an app session (A7)",
        Request = typeof(PasswordLoginRequest), Response = typeof(SessionResponse), Headers = [AppAccess.Header],
        Problems = [ErrorCodes.CaptchaFailed, ErrorCodes.InvalidCredentials, ErrorCodes.Unauthenticated, ErrorCodes.RateLimited])]
    public Task<IActionResult> PasswordLogin(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login")] HttpRequest request) =>
        endpoint.SignInAsync<PasswordLoginRequest>(request, async (body, client, signIn, cancellationToken) =>
            ApiResult.From(await login.PasswordLoginAsync(body, client, signIn, cancellationToken)));

    [Function(nameof(SmsLogin))]
    [ApiDoc(Tag, "Login with an SMS code sent to the default phone instead of the password (A6); with the app's X-App-Key it starts an app session (A7)",
        Request = typeof(SmsLoginRequest), Response = typeof(SessionResponse), Headers = [AppAccess.Header],
        Problems = [ErrorCodes.InvalidCredentials, ErrorCodes.Unauthenticated, ErrorCodes.RateLimited])]
    public Task<IActionResult> SmsLogin(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login/sms")] HttpRequest request) =>
        endpoint.SignInAsync<SmsLoginRequest>(request, async (body, client, signIn, cancellationToken) =>
            ApiResult.From(await login.SmsLoginAsync(body, client, signIn, cancellationToken)));

    [Function(nameof(CreateQrTicket))]
    [ApiDoc(Tag, "A short-lived QR ticket for the tax app to approve, with the poll secret only this page holds (A7); throttled per client",
        Response = typeof(QrTicketIssued), Status = 201, Problems = [ErrorCodes.RateLimited])]
    public Task<IActionResult> CreateQrTicket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/qr")] HttpRequest request) =>
        endpoint.RunAsync(request, async cancellationToken =>
            ApiResult.From(await qr.IssueAsync(HttpEndpoint.ClientOf(request), cancellationToken), StatusCodes.Status201Created));

    [Function(nameof(PollQrTicket))]
    [ApiDoc(Tag, "The ticket's status for the page holding its poll secret (header X-Poll-Secret); the session is handed out once, on the first poll after approval",
        Response = typeof(QrTicketState), Headers = [QrLoginService.PollSecretHeader], Problems = [ErrorCodes.InvalidCredentials, ErrorCodes.NotFound])]
    public Task<IActionResult> PollQrTicket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/qr/{ticketId}")] HttpRequest request, string ticketId) =>
        endpoint.RunAsync(request, async cancellationToken => ApiResult.From(
            await qr.PollAsync(ticketId, request.Headers[QrLoginService.PollSecretHeader].FirstOrDefault(), HttpEndpoint.ClientOf(request), cancellationToken)));

    [Function(nameof(ViewQrTicket))]
    [ApiDoc(Tag, "Where and when a QR ticket was requested, for the signed-in tax app to show before approving", Response = typeof(QrTicketView), Access = ApiAccess.App,
        Problems = [ErrorCodes.NotFound])]
    public Task<IActionResult> ViewQrTicket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "app/qr/{ticketId}")] HttpRequest request, string ticketId) =>
        endpoint.AppAsync(request, async (_, cancellationToken) => ApiResult.From(await qr.ViewAsync(ticketId, cancellationToken)));

    [Function(nameof(ApproveQrTicket))]
    [ApiDoc(Tag, "The signed-in tax app approves a QR ticket, naming the enterprise to enter or none; only an app session may (A7: signed in with X-App-Key, not by QR)",
        Request = typeof(QrApproveRequest), Status = 204, Access = ApiAccess.App,
        Problems = [ErrorCodes.Forbidden, ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> ApproveQrTicket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "app/qr/{ticketId}/approve")] HttpRequest request, string ticketId) =>
        endpoint.AppAsync(request, async (caller, cancellationToken) =>
        {
            var body = await endpoint.ReadJsonAsync<QrApproveRequest>(request, cancellationToken);
            return body.Succeeded
                ? VerificationFunctions.NoContentOr(await qr.ApproveAsync(ticketId, body.Value, caller, cancellationToken))
                : ApiResult.For(body.Problem);
        });
}
