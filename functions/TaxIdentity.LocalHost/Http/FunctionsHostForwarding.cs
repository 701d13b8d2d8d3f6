using System.Net;
using Microsoft.Extensions.Primitives;

namespace TaxIdentity.LocalHost.Http;

/// <summary>
/// What the Functions host does to every HTTP invocation before the isolated worker sees it: it forwards the request
/// with YARP's <c>HttpForwarder</c> and <c>HttpTransformer.Default</c> (azure-functions-host,
/// <c>DefaultHttpProxyService</c>), whose X-Forwarded transforms <em>set</em> X-Forwarded-For to the address the host
/// received the request from, and X-Forwarded-Proto, -Host and -Prefix to its scheme, host and path base, replacing
/// whatever the request carried (and dropping Forwarded). The worker then applies them with ASP.NET Core's
/// forwarded-headers middleware. So no X-Forwarded-For a caller writes reaches a function: the local host does the same.
/// </summary>
public static class FunctionsHostForwarding
{
    public const string ForwardedFor = "X-Forwarded-For";

    /// <param name="app">The local host's pipeline, before the worker's forwarded-headers middleware.</param>
    /// <param name="clientAddressHeader">
    /// LocalHost:ClientAddressHeader: where a stand-in for the platform's front end names the address it saw the client at,
    /// taken for the one the host received the request from; null to take the socket's.
    /// </param>
    public static IApplicationBuilder UseFunctionsHostForwarding(this IApplicationBuilder app, string? clientAddressHeader) =>
        app.Use((context, next) =>
        {
            Apply(context, clientAddressHeader);
            return next(context);
        });

    public static void Apply(HttpContext context, string? clientAddressHeader)
    {
        var request = context.Request;
        var seen = context.Connection.RemoteIpAddress;
        if (!string.IsNullOrEmpty(clientAddressHeader))
        {
            if (IPEndPoint.TryParse(request.Headers[clientAddressHeader].ToString(), out var frontEndSaw))
            {
                seen = frontEndSaw.Address;
            }

            request.Headers.Remove(clientAddressHeader);
        }

        Set(request.Headers, ForwardedFor, seen?.ToString());
        Set(request.Headers, "X-Forwarded-Proto", request.Scheme);
        Set(request.Headers, "X-Forwarded-Host", request.Host.HasValue ? request.Host.Value : null);
        Set(request.Headers, "X-Forwarded-Prefix", request.PathBase.HasValue ? request.PathBase.Value : null);
        request.Headers.Remove("Forwarded");
    }

    private static void Set(IHeaderDictionary headers, string name, string? value)
    {
        if (value is null)
        {
            headers.Remove(name);
        }
        else
        {
            headers[name] = new StringValues(value);
        }
    }
}
