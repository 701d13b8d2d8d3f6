using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Network;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Functions.Common.Http;

/// <summary>
/// What every function body runs inside: the access check (operator key or bearer token), body reading,
/// error mapping and the storage-call count. It lives in the function bodies, not in host middleware, so
/// the Functions host and the local host behave the same.
/// </summary>
public sealed partial class HttpEndpoint(
    IOptions<HttpOptions> httpOptions,
    IOptions<DiagnosticsOptions> diagnostics,
    OperatorAccess operatorAccess,
    AppAccess appAccess,
    ICallerAuthenticator authenticator,
    ILogger<HttpEndpoint> logger)
{
    public const string StorageCallsHeader = "X-Storage-Calls";
    public const string StorageEntitiesHeader = "X-Storage-Entities";

    public async Task<IActionResult> RunAsync(HttpRequest request, Func<CancellationToken, Task<IActionResult>> handle)
    {
        using var storage = StorageCallCounter.BeginScope();
        var aborted = request.HttpContext.RequestAborted;
        IActionResult result;
        try
        {
            result = await handle(aborted);
        }
        catch (Exception e) when (!aborted.IsCancellationRequested && StorageOutage.IsOutage(e))
        {
            var path = LoggedPath.Of(request.Path);
            LogUnavailable(logger, e, request.Method, path);
            result = ApiResult.For(Problem.Unavailable(StorageOutage.RetryAfterSeconds));
        }
        catch (Exception e) when (!aborted.IsCancellationRequested)
        {
            var path = LoggedPath.Of(request.Path);
            LogUnexpected(logger, e, request.Method, path);
            result = ApiResult.For(Problem.Unexpected());
        }

        if (diagnostics.Value.StorageCallsHeader)
        {
            request.HttpContext.Response.Headers[StorageCallsHeader] = storage.Calls.ToString(CultureInfo.InvariantCulture);
            request.HttpContext.Response.Headers[StorageEntitiesHeader] = storage.Entities.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>Runs the handler for the tax office only (X-Operator-Key).</summary>
    public Task<IActionResult> OperatorAsync(HttpRequest request, Func<CancellationToken, Task<IActionResult>> handle) =>
        RunAsync(request, cancellationToken =>
            operatorAccess.Check(request.Headers[OperatorAccess.Header]) is { } problem
                ? Task.FromResult<IActionResult>(ApiResult.For(problem))
                : handle(cancellationToken));

    /// <summary>Operator endpoint with a JSON body whose outcome is answered with 200.</summary>
    public Task<IActionResult> OperatorAsync<TBody, TResult>(HttpRequest request, Func<TBody, CancellationToken, Task<Outcome<TResult>>> handle)
        where TBody : class =>
        OperatorAsync(request, async cancellationToken =>
        {
            var body = await ReadJsonAsync<TBody>(request, cancellationToken);
            return body.Succeeded ? ApiResult.From(await handle(body.Value, cancellationToken)) : ApiResult.For(body.Problem);
        });

    /// <summary>
    /// Runs the handler for a signed-in person (Authorization: Bearer). Until an existing household accepts
    /// the agreement (A9), only handlers marked <paramref name="beforeAgreement"/> run; others answer 403. The function
    /// the calling HTTP function declares with <see cref="RequiresFunctionAttribute"/> (D10) must be in the current
    /// identity's set, or it answers 403 before the handler runs.
    /// </summary>
    public Task<IActionResult> SignedInAsync(
        HttpRequest request, Func<Caller, CancellationToken, Task<IActionResult>> handle, bool beforeAgreement = false, [CallerMemberName] string function = "") =>
        RunAsync(request, async cancellationToken =>
        {
            var caller = await authenticator.AuthenticateAsync(BearerToken(request), cancellationToken);
            if (!caller.Succeeded)
            {
                return ApiResult.For(caller.Problem);
            }

            if (caller.Value.AgreementRequired && !beforeAgreement)
            {
                return ApiResult.For(new Problem(403, ErrorCodes.AgreementRequired, "The service agreement must be accepted first.", "Accept the current agreement at /api/me/agreement."));
            }

            return HttpFunctionCatalog.RequiredFunctionOf(function) is { } required && EnterpriseAccess.Holding(caller.Value, required) is { } refused
                ? ApiResult.For(refused)
                : await handle(caller.Value, cancellationToken);
        });

    /// <summary>Signed-in endpoint with a JSON body.</summary>
    public Task<IActionResult> SignedInAsync<TBody>(
        HttpRequest request, Func<Caller, TBody, CancellationToken, Task<IActionResult>> handle, bool beforeAgreement = false, [CallerMemberName] string function = "")
        where TBody : class =>
        SignedInAsync(request, async (caller, cancellationToken) =>
        {
            var body = await ReadJsonAsync<TBody>(request, cancellationToken);
            return body.Succeeded ? await handle(caller, body.Value, cancellationToken) : ApiResult.For(body.Problem);
        }, beforeAgreement, function);

    /// <summary>The mobile app's calls: X-App-Key and the person's bearer token.</summary>
    public Task<IActionResult> AppAsync(HttpRequest request, Func<Caller, CancellationToken, Task<IActionResult>> handle) =>
        appAccess.Check(request.Headers[AppAccess.Header]) is { } problem
            ? RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.For(problem)))
            : SignedInAsync(request, handle);

    /// <summary>
    /// The mobile app's calls that may come before anyone signs in (a registrant's face check): X-App-Key, which names
    /// the app and proves nothing, plus the person's bearer token when there is one (a bad one still answers 401).
    /// </summary>
    public Task<IActionResult> AppOptionallySignedInAsync<TBody>(HttpRequest request, Func<TBody, Caller?, CancellationToken, Task<IActionResult>> handle)
        where TBody : class =>
        appAccess.Check(request.Headers[AppAccess.Header]) is { } problem
            ? RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.For(problem)))
            : OptionallySignedInAsync(request, handle);

    /// <summary>Anonymous endpoint with a JSON body; the handler also gets the caller's address for throttling and logs.</summary>
    public Task<IActionResult> AnonymousAsync<TBody>(HttpRequest request, Func<TBody, ClientInfo, CancellationToken, Task<IActionResult>> handle)
        where TBody : class =>
        RunAsync(request, async cancellationToken =>
        {
            var body = await ReadJsonAsync<TBody>(request, cancellationToken);
            return body.Succeeded ? await handle(body.Value, ClientOf(request), cancellationToken) : ApiResult.For(body.Problem);
        });

    /// <summary>
    /// A login (A7): as <see cref="AnonymousAsync{TBody}"/>, and the handler also learns which client signs in: the app
    /// when the request carries a valid X-App-Key (a wrong one answers 401 before anything else), the web otherwise.
    /// </summary>
    public Task<IActionResult> SignInAsync<TBody>(HttpRequest request, Func<TBody, ClientInfo, SignInClient, CancellationToken, Task<IActionResult>> handle)
        where TBody : class =>
        string.IsNullOrEmpty(request.Headers[AppAccess.Header].ToString())
            ? AnonymousAsync<TBody>(request, (body, client, cancellationToken) => handle(body, client, SignInClient.Web, cancellationToken))
            : appAccess.Check(request.Headers[AppAccess.Header]) is null
                ? AnonymousAsync<TBody>(request, (body, client, cancellationToken) => handle(body, client, SignInClient.App, cancellationToken))
                : RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.For(Problem.Unauthenticated($"The {AppAccess.Header} header is not the app's key."))));

    /// <summary>An endpoint open to anyone that behaves differently for a signed-in caller; a bad token still answers 401.</summary>
    public Task<IActionResult> OptionallySignedInAsync<TBody>(HttpRequest request, Func<TBody, Caller?, CancellationToken, Task<IActionResult>> handle)
        where TBody : class =>
        RunAsync(request, async cancellationToken =>
        {
            Caller? caller = null;
            if (BearerToken(request) is { } token)
            {
                var authenticated = await authenticator.AuthenticateAsync(token, cancellationToken);
                if (!authenticated.Succeeded)
                {
                    return ApiResult.For(authenticated.Problem);
                }

                caller = authenticated.Value;
            }

            var body = await ReadJsonAsync<TBody>(request, cancellationToken);
            return body.Succeeded ? await handle(body.Value, caller, cancellationToken) : ApiResult.For(body.Problem);
        });

    /// <summary>
    /// The client's address (A12, A13): the connection's, or an entry of the forwarding header a trusted proxy wrote as
    /// far as the configured chain allows (ClientAddress settings, ASP.NET Core's forwarded-headers semantics); always a
    /// parsed IP address, and a malformed header is simply not believed. The connection's address is the one the
    /// Functions host saw: the host sets X-Forwarded-For to it alone and the worker's ASP.NET Core integration (and the
    /// local host, which does both) makes it the connection's, so nothing a caller writes there gets this far.
    /// Static, resolving its settings from the request's services, so every function can call it without injection.
    /// </summary>
    public static ClientInfo ClientOf(HttpRequest request)
    {
        var resolver = request.HttpContext.RequestServices.GetRequiredService<ClientAddressResolver>();
        var address = resolver.Resolve(request.HttpContext.Connection.RemoteIpAddress, request.Headers[resolver.Header]);
        var userAgent = request.Headers.UserAgent.ToString();
        return new ClientInfo(address?.ToString() ?? "unknown", userAgent.Length > 512 ? userAgent[..512] : userAgent);
    }

    public Task<Outcome<T>> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class =>
        RequestJson.ReadAsync<T>(request, httpOptions.Value.MaxRequestBytes, cancellationToken);

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dependency did not answer in {Method} {Path}; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
