using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Provisioning;

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
    /// the agreement (A9), only handlers marked <paramref name="beforeAgreement"/> run; others answer 403.
    /// </summary>
    public Task<IActionResult> SignedInAsync(HttpRequest request, Func<Caller, CancellationToken, Task<IActionResult>> handle, bool beforeAgreement = false) =>
        RunAsync(request, async cancellationToken =>
        {
            var caller = await authenticator.AuthenticateAsync(BearerToken(request), cancellationToken);
            if (!caller.Succeeded)
            {
                return ApiResult.For(caller.Problem);
            }

            return caller.Value.AgreementRequired && !beforeAgreement
                ? ApiResult.For(new Problem(403, ErrorCodes.AgreementRequired, "The service agreement must be accepted first.", "Accept the current agreement at /api/me/agreement."))
                : await handle(caller.Value, cancellationToken);
        });

    /// <summary>Signed-in endpoint with a JSON body.</summary>
    public Task<IActionResult> SignedInAsync<TBody>(HttpRequest request, Func<Caller, TBody, CancellationToken, Task<IActionResult>> handle, bool beforeAgreement = false)
        where TBody : class =>
        SignedInAsync(request, async (caller, cancellationToken) =>
        {
            var body = await ReadJsonAsync<TBody>(request, cancellationToken);
            return body.Succeeded ? await handle(caller, body.Value, cancellationToken) : ApiResult.For(body.Problem);
        }, beforeAgreement);

    /// <summary>The mobile app's calls: X-App-Key and the person's bearer token.</summary>
    public Task<IActionResult> AppAsync(HttpRequest request, Func<Caller, CancellationToken, Task<IActionResult>> handle) =>
        appAccess.Check(request.Headers[AppAccess.Header]) is { } problem
            ? RunAsync(request, _ => Task.FromResult<IActionResult>(ApiResult.For(problem)))
            : SignedInAsync(request, handle);

    /// <summary>Anonymous endpoint with a JSON body; the handler also gets the caller's address for throttling and logs.</summary>
    public Task<IActionResult> AnonymousAsync<TBody>(HttpRequest request, Func<TBody, ClientInfo, CancellationToken, Task<IActionResult>> handle)
        where TBody : class =>
        RunAsync(request, async cancellationToken =>
        {
            var body = await ReadJsonAsync<TBody>(request, cancellationToken);
            return body.Succeeded ? await handle(body.Value, ClientOf(request), cancellationToken) : ApiResult.For(body.Problem);
        });

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
    /// The client's address: the last X-Forwarded-For entry (the one Azure's front end appends, which the
    /// client can't forge), else the connection's.
    /// </summary>
    public static ClientInfo ClientOf(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ip = forwarded.Length > 0 ? StripPort(forwarded[^1]) : request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return new ClientInfo(ip.Length > 64 ? ip[..64] : ip, request.Headers.UserAgent.ToString());
    }

    private static string StripPort(string address) =>
        address.StartsWith('[') ? address[1..address.IndexOf(']', StringComparison.Ordinal)]
        : address.Count(c => c == ':') == 1 ? address[..address.IndexOf(':', StringComparison.Ordinal)]
        : address;

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
