using System.Text;
using Microsoft.AspNetCore.Http;

namespace TaxIdentity.Tests.Infrastructure;

/// <summary>How the loopback stubs of outside services (ACS SMS, Tencent Cloud FaceID) write a scripted answer.</summary>
public static class ScriptedAnswers
{
    /// <summary>
    /// Writes the answer: <paramref name="drop"/> closes the connection without one, <paramref name="hang"/> never answers
    /// (until the caller gives up or the stub stops); otherwise the status, the headers and a JSON body.
    /// </summary>
    public static async Task WriteAsync(
        HttpContext context, int status, string? body, IReadOnlyDictionary<string, string>? headers, bool drop, bool hang, CancellationToken stopping)
    {
        if (hang)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up or the stub is stopping: either way nobody waits for an answer.
            }
        }

        if (drop || hang)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
        }
    }
}
