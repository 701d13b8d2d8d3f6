using System.Text.Json.Nodes;

namespace TaxIdentity.LocalHost;

/// <summary>
/// The parts of the Functions app's host.json the local host honours, read as the Functions host reads them: the
/// HTTP route prefix and the Durable task hub name. Logging and telemetry settings don't change what the app does and
/// are left to the Functions host; any other setting would make the two hosts differ, so it stops the local host at
/// start instead.
/// </summary>
public sealed record HostJson(string RoutePrefix, string? HubName)
{
    private static readonly string[] Honoured = ["version", "logging", "extensions.http.routePrefix", "extensions.durableTask.hubName"];

    /// <summary>What the Functions host assumes when host.json says nothing.</summary>
    public static HostJson Defaults { get; } = new("api", null);

    /// <summary>host.json beside the app (the build copies it there), else at the repository root.</summary>
    public static HostJson Load()
    {
        var path = new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }
            .Select(directory => Path.Combine(directory, "host.json"))
            .FirstOrDefault(File.Exists);
        return path is null ? Defaults : Parse(File.ReadAllText(path));
    }

    public static HostJson Parse(string json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? [];
        var unhonoured = Leaves(root, string.Empty).Where(path => !Honoured.Any(honoured => path == honoured || path.StartsWith(honoured + ".", StringComparison.Ordinal))).ToList();
        if (unhonoured.Count > 0)
        {
            throw new InvalidOperationException(
                $"host.json sets {string.Join(", ", unhonoured)}, which the local host does not honour (it honours {string.Join(", ", Honoured)}); "
                + "run func start, or teach the local host the setting.");
        }

        var extensions = root["extensions"];
        var prefix = extensions?["http"]?["routePrefix"]?.GetValue<string>();
        var hub = extensions?["durableTask"]?["hubName"]?.GetValue<string>();
        return new HostJson((prefix ?? Defaults.RoutePrefix).Trim('/'), hub);
    }

    /// <summary>The route a function's template answers on, with the prefix (an empty prefix means none).</summary>
    public string RouteFor(string template) => RoutePrefix.Length == 0 ? "/" + template : "/" + RoutePrefix + "/" + template;

    private static IEnumerable<string> Leaves(JsonObject node, string prefix) =>
        node.SelectMany(property => property.Value is JsonObject child && !Honoured.Contains(prefix + property.Key)
            ? Leaves(child, prefix + property.Key + ".")
            : [prefix + property.Key]);
}
