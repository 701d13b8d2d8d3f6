using System.Text.Json.Nodes;

namespace TaxIdentity.LocalHost;

/// <summary>
/// The parts of the Functions app's host.json the local host honours, read as the Functions host reads
/// them: the HTTP route prefix and the Durable task hub name.
/// </summary>
public sealed record HostJson(string RoutePrefix, string? HubName)
{
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
        var extensions = JsonNode.Parse(json)?["extensions"];
        var prefix = extensions?["http"]?["routePrefix"]?.GetValue<string>();
        var hub = extensions?["durableTask"]?["hubName"]?.GetValue<string>();
        return new HostJson((prefix ?? Defaults.RoutePrefix).Trim('/'), hub);
    }

    /// <summary>The route a function's template answers on, with the prefix (an empty prefix means none).</summary>
    public string RouteFor(string template) => RoutePrefix.Length == 0 ? "/" + template : "/" + RoutePrefix + "/" + template;
}
