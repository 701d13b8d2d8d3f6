using System.Text.Json;

namespace TaxIdentity.LocalHost.Web;

/// <summary>
/// The parts of the web app's <c>staticwebapp.config.json</c> (written by its build, applied by Azure Static Web
/// Apps) that the local host applies the same way: the global headers (the Content-Security-Policy first), the
/// headers of <c>/prefix/*</c> routes, and the history fallback for page routes.
/// </summary>
public sealed record StaticWebAppConfig(
    IReadOnlyDictionary<string, string> GlobalHeaders,
    IReadOnlyList<(string Route, IReadOnlyDictionary<string, string> Headers)> Routes,
    string FallbackPath)
{
    public const string FileName = "staticwebapp.config.json";

    public static StaticWebAppConfig Load(string webRoot)
    {
        var path = Path.Combine(webRoot, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"LocalHost:WebRoot '{webRoot}' holds no {FileName}: build the web app first (cd web && npm run build).");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var global = Headers(root, "globalHeaders");
        if (!global.ContainsKey("Content-Security-Policy"))
        {
            throw new InvalidOperationException($"{path} sets no Content-Security-Policy in globalHeaders.");
        }

        var routes = root.TryGetProperty("routes", out var list)
            ? list.EnumerateArray().Select(route => (route.GetProperty("route").GetString()!, (IReadOnlyDictionary<string, string>)Headers(route, "headers"))).ToList()
            : [];
        var fallback = root.TryGetProperty("navigationFallback", out var navigation) ? navigation.GetProperty("rewrite").GetString()! : "/index.html";
        return new StaticWebAppConfig(global, routes, fallback);
    }

    /// <summary>
    /// The headers of an answer: the global ones, then, for a file served, those of each route that matches its
    /// path exactly or by its <c>/*</c> prefix.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> HeadersFor(string path, bool served)
    {
        foreach (var header in GlobalHeaders)
        {
            yield return header;
        }

        if (!served)
        {
            yield break;
        }

        foreach (var (route, headers) in Routes)
        {
            var matches = route.EndsWith("/*", StringComparison.Ordinal)
                ? path.StartsWith(route[..^1], StringComparison.Ordinal)
                : string.Equals(path, route, StringComparison.Ordinal);
            if (matches)
            {
                foreach (var header in headers)
                {
                    yield return header;
                }
            }
        }
    }

    private static Dictionary<string, string> Headers(JsonElement element, string property) =>
        element.TryGetProperty(property, out var headers)
            ? headers.EnumerateObject().ToDictionary(header => header.Name, header => header.Value.GetString() ?? "", StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
