using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TaxIdentity.Infra.Tests;

/// <summary>
/// Read-only view of a compiled ARM template: its resources, and its modules (nested
/// Microsoft.Resources/deployments with an inline template), enough to follow a value from main.bicep
/// into a module without evaluating ARM expressions.
/// </summary>
public sealed partial class ArmTemplate(string path, JsonObject json, ArmTemplate? parent = null, JsonObject? deployment = null)
{
    /// <summary>main, or main/api for the module deployed as "api".</summary>
    public string Path { get; } = path;

    public JsonObject Json { get; } = json;

    public ArmTemplate? Parent { get; } = parent;

    /// <summary>The Microsoft.Resources/deployments resource that deploys this template (null for main).</summary>
    public JsonObject? Deployment { get; } = deployment;

    /// <summary>Resources, whether the template lists them (array) or names them (symbolic names).</summary>
    public IEnumerable<JsonObject> Resources => Json["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject named => named.Select(pair => pair.Value).OfType<JsonObject>(),
        _ => [],
    };

    public JsonObject Outputs => Json["outputs"] as JsonObject ?? [];

    public JsonObject Parameters => Json["parameters"] as JsonObject ?? [];

    public IEnumerable<ArmTemplate> Modules =>
        Resources
            .Where(resource => Text(resource["type"]) == "Microsoft.Resources/deployments")
            .Where(resource => resource["properties"]?["template"] is JsonObject)
            .Select(resource => new ArmTemplate(
                $"{Path}/{Text(resource["name"])}",
                (JsonObject)resource["properties"]!["template"]!,
                this,
                resource));

    /// <summary>This template and every template below it.</summary>
    public IEnumerable<ArmTemplate> AllTemplates => Modules.SelectMany(module => module.AllTemplates).Prepend(this);

    /// <summary>The module's name as main.bicep deploys it ("api"); null for main.</summary>
    public string? ModuleName => Deployment is null ? null : Text(Deployment["name"]);

    public IEnumerable<JsonObject> ResourcesOfType(string type) =>
        Resources.Where(resource => string.Equals(Text(resource["type"]), type, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every resource of the type in this template and below, with the template that declares it.</summary>
    public IEnumerable<(ArmTemplate Template, JsonObject Resource)> FindAll(string type) =>
        AllTemplates.SelectMany(template => template.ResourcesOfType(type).Select(resource => (template, resource)));

    /// <summary>
    /// The value an expression stands for one step up: <c>[parameters('x')]</c> becomes what the parent passes
    /// for x (or x's default), <c>[variables('v').p]</c> becomes the variable's property; anything else is itself.
    /// </summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        if (Text(node) is not { } text)
        {
            return node;
        }

        if (ParameterReference().Match(text) is { Success: true } parameter)
        {
            var name = parameter.Groups["name"].Value;
            if (Deployment?["properties"]?["parameters"]?[name] is JsonObject passed && Parent is not null)
            {
                return Parent.Resolve(passed["value"]);
            }

            // main.bicep's own parameters are inputs (azd passes them), so they stay unresolved there.
            return Deployment is not null && Parameters[name]?["defaultValue"] is { } defaultValue ? Resolve(defaultValue) : node;
        }

        if (VariableReference().Match(text) is { Success: true } variable)
        {
            var value = Json["variables"]?[variable.Groups["name"].Value];
            return variable.Groups["property"].Success ? Resolve(value?[variable.Groups["property"].Value]) : Resolve(value);
        }

        return node;
    }

    /// <summary>The module output an expression reads, like ("identity", "principalId"); null if it reads none.</summary>
    public static (string Module, string Output)? ModuleOutput(JsonNode? node) =>
        Text(node) is { } text && ModuleOutputReference().Match(text) is { Success: true } match
            ? (match.Groups["module"].Value, match.Groups["output"].Value)
            : null;

    /// <summary>The resource type a resourceId(...) expression names (the scope of a role assignment).</summary>
    public static string? ResourceIdType(JsonNode? node) =>
        Text(node) is { } text && ResourceIdReference().Match(text) is { Success: true } match ? match.Groups["type"].Value : null;

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static bool? Bool(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[variables\('(?<name>[^']+)'\)(\.(?<property>\w+))?\]$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"'Microsoft\.Resources/deployments', '(?<module>[^']+)'\)(, '[^']*'\))?\.outputs\.(?<output>\w+)\.value")]
    private static partial Regex ModuleOutputReference();

    [GeneratedRegex(@"resourceId\('(?<type>[^']+)'")]
    private static partial Regex ResourceIdReference();
}
