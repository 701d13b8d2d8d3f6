using Microsoft.AspNetCore.Http.Features;

namespace TaxIdentity.LocalHost.Http;

/// <summary>
/// A request target whose path has a "." or ".." segment (written as is or percent-encoded) names no route of the API:
/// it gets the server's plain 404 before routing, as an unknown route does. Kestrel would otherwise resolve the segments
/// (RFC 3986) before routing, so that <c>/api/enterprise/invitations/..</c> reached <c>GET /api/enterprise</c> and
/// <c>/api/enterprise/invitations/.</c> the list: "." and ".." are no resource's ID. Only the raw target
/// (<see cref="IHttpRequestFeature.RawTarget"/>) still shows them.
/// </summary>
public static class DotSegmentTargets
{
    public static IApplicationBuilder UseNoDotSegmentTargets(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (HasDotSegment(context.Features.Get<IHttpRequestFeature>()?.RawTarget))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });

    public static bool HasDotSegment(string? rawTarget)
    {
        if (string.IsNullOrEmpty(rawTarget))
        {
            return false;
        }

        var path = rawTarget.Split('?', 2)[0];
        return path.Split('/').Any(segment =>
            segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase) is "." or "..");
    }
}
