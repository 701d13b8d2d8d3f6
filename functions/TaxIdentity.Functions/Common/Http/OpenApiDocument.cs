using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using TaxIdentity.Core.Common.Json;

namespace TaxIdentity.Functions.Common.Http;

/// <summary>
/// Builds the OpenAPI 3.1 document from the functions themselves: routes and verbs from their triggers,
/// words and body types from <see cref="ApiDocAttribute"/>, schemas from the API's JSON options.
/// </summary>
public sealed partial class OpenApiDocument
{
    private readonly Lazy<string> json = new(() => Build(HttpFunctionCatalog.All).ToJsonString());

    public string Json => json.Value;

    public static JsonObject Build(IReadOnlyList<HttpFunction> functions)
    {
        var paths = new JsonObject();
        foreach (var function in functions.Where(function => function.Doc is { Hidden: false }))
        {
            var path = "/" + HttpFunctionCatalog.RoutePrefix + "/" + RouteParameter().Replace(function.Route, "{$1}");
            var item = paths[path] as JsonObject ?? [];
            paths[path] = item;
            foreach (var method in function.Methods)
            {
                item[method.ToLowerInvariant()] = Operation(function, function.Doc!);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Tax identity and delegation platform API",
                ["version"] = "1.0",
                ["description"] = "Unified identity platform of the electronic tax bureau. Errors are application/problem+json with a stable code.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject { ["Problem"] = Schema(typeof(ProblemDocument)) },
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" },
                    ["operatorKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Operator-Key" },
                    ["appKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-App-Key" },
                },
            },
        };
    }

    private static JsonObject Operation(HttpFunction function, ApiDocAttribute doc)
    {
        var parameters = new JsonArray();
        foreach (Match match in RouteParameter().Matches(function.Route))
        {
            parameters.Add(Parameter(match.Groups[1].Value, "path", required: true));
        }

        foreach (var name in doc.Query)
        {
            parameters.Add(Parameter(name, "query", required: false));
        }

        var success = new JsonObject { ["description"] = doc.Status == 204 ? "No content" : "Success" };
        if (doc.Response is { } responseType)
        {
            success["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Schema(responseType) } };
        }

        var operation = new JsonObject
        {
            ["operationId"] = function.Name,
            ["tags"] = new JsonArray(doc.Tag),
            ["summary"] = doc.Summary,
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                [doc.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = success,
                ["default"] = new JsonObject
                {
                    ["description"] = "Problem (RFC 9457) with a stable code",
                    ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
                },
            },
        };
        if (doc.Request is { } requestType)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Schema(requestType) } },
            };
        }

        if (Security(doc.Access) is { } security)
        {
            operation["security"] = security;
        }

        return operation;
    }

    private static JsonArray? Security(ApiAccess access) => access switch
    {
        ApiAccess.SignedIn => [new JsonObject { ["bearer"] = new JsonArray() }],
        ApiAccess.App => [new JsonObject { ["bearer"] = new JsonArray(), ["appKey"] = new JsonArray() }],
        ApiAccess.Operator => [new JsonObject { ["operatorKey"] = new JsonArray() }],
        _ => null,
    };

    private static JsonObject Parameter(string name, string location, bool required) => new()
    {
        ["name"] = name,
        ["in"] = location,
        ["required"] = required,
        ["schema"] = new JsonObject { ["type"] = "string" },
    };

    private static JsonNode Schema(Type type) =>
        JsonDefaults.Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });

    [GeneratedRegex(@"\{\*?([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
