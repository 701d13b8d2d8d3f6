using System.Text.Json;

namespace TaxIdentity.LocalHost;

/// <summary>Reads the "Values" of a local.settings.json the way Core Tools does (<c>A__B</c> means section A, key B).</summary>
public static class LocalSettingsConfiguration
{
    public const string EnvironmentSetting = "AZURE_FUNCTIONS_ENVIRONMENT";

    /// <summary>The file named by <c>--settings path</c> on the command line; empty when there is none.</summary>
    public static IReadOnlyDictionary<string, string?> Read(string[] args)
    {
        var index = Array.IndexOf(args, "--settings");
        if (index < 0 || index + 1 >= args.Length)
        {
            return new Dictionary<string, string?>();
        }

        var path = args[index + 1];
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The settings file '{path}' does not exist; copy local.settings.sample.json there.", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.TryGetProperty("Values", out var values)
            ? values.EnumerateObject().ToDictionary(property => property.Name, property => (string?)property.Value.ToString())
            : new Dictionary<string, string?>();
    }

    /// <summary>Adds the settings before the environment and the command line, which may override them.</summary>
    public static void AddLocalSettings(this ConfigurationManager configuration, IReadOnlyDictionary<string, string?> values, string[] args)
    {
        configuration.AddInMemoryCollection(values.Select(pair => KeyValuePair.Create(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value)));
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
    }
}
