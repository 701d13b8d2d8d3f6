using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;

namespace TaxIdentity.Functions.Common.Http;

/// <summary>The RFC 9457 body of every error.</summary>
public sealed record ProblemDocument(
    string Type,
    string Title,
    int Status,
    string? Detail,
    string Code,
    string TraceId,
    IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>
/// The only result type the functions return: status, optional JSON body, written with the API's JSON
/// options, and the headers every answer carries (no-store, nosniff, a Content-Security-Policy that
/// allows nothing). It needs nothing from MVC, so both hosts execute it the same way.
/// </summary>
public sealed class ApiResult : IActionResult
{
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    private ApiResult(int status, object? body, string contentType, Problem? problem)
    {
        Status = status;
        Body = body;
        ContentType = contentType;
        Problem = problem;
    }

    public int Status { get; }

    public object? Body { get; }

    public string ContentType { get; }

    public Problem? Problem { get; }

    public static ApiResult Ok(object body) => new(StatusCodes.Status200OK, body, "application/json", null);

    public static ApiResult Created(object body) => new(StatusCodes.Status201Created, body, "application/json", null);

    public static ApiResult Json(int status, object body) => new(status, body, "application/json", null);

    /// <summary>A body that is already JSON text.</summary>
    public static ApiResult JsonText(string json) => new(StatusCodes.Status200OK, new RawJson(json), "application/json", null);

    public static ApiResult NoContent() => new(StatusCodes.Status204NoContent, null, string.Empty, null);

    public static ApiResult For(Problem problem) => new(problem.Status, null, "application/problem+json", problem);

    public static ApiResult From<T>(Outcome<T> outcome, int successStatus = StatusCodes.Status200OK) =>
        outcome.Succeeded ? Json(successStatus, outcome.Value!) : For(outcome.Problem);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var response = http.Response;
        response.StatusCode = Status;
        response.Headers.CacheControl = "no-store";

        // An API answer is never a page: no type sniffing, nothing loaded, run or framed from it.
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        var body = Problem is null ? Body : ToDocument(Problem, http);
        if (Problem?.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (body is null)
        {
            return;
        }

        response.ContentType = ContentType + "; charset=utf-8";
        if (body is RawJson raw)
        {
            await response.WriteAsync(raw.Text, http.RequestAborted);
            return;
        }

        await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), JsonDefaults.Options, http.RequestAborted);
    }

    private sealed record RawJson(string Text);

    private static ProblemDocument ToDocument(Problem problem, HttpContext http) => new(
        "urn:tax-identity:problem:" + problem.Code,
        problem.Title,
        problem.Status,
        problem.Detail,
        problem.Code,
        Activity.Current?.TraceId.ToHexString() ?? http.TraceIdentifier,
        problem.Errors);
}
