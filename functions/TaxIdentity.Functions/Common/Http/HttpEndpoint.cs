using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
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
        catch (Exception e) when (!aborted.IsCancellationRequested)
        {
            LogUnexpected(logger, e, request.Method, request.Path);
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

    /// <summary>Runs the handler for a signed-in person (Authorization: Bearer).</summary>
    public Task<IActionResult> SignedInAsync(HttpRequest request, Func<Caller, CancellationToken, Task<IActionResult>> handle) =>
        RunAsync(request, async cancellationToken =>
        {
            var caller = await authenticator.AuthenticateAsync(BearerToken(request), cancellationToken);
            return caller.Succeeded ? await handle(caller.Value, cancellationToken) : ApiResult.For(caller.Problem);
        });

    public Task<Outcome<T>> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class =>
        RequestJson.ReadAsync<T>(request, httpOptions.Value.MaxRequestBytes, cancellationToken);

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path);
}
