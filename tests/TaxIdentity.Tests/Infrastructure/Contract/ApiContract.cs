using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace TaxIdentity.Tests.Infrastructure.Contract;

/// <summary>
/// The served OpenAPI document as a checker of answers: finds the operation of a request and validates the
/// answer's status, media type, required headers and body (JSON Schema 2020-12, formats asserted) against
/// what the document says that operation answers with that status.
/// </summary>
public sealed partial class ApiContract
{
    private static readonly Uri DocumentUri = new("https://contract.test/api/openapi.json");
    private static readonly ConcurrentDictionary<string, Lazy<ApiContract>> Parsed = new(StringComparer.Ordinal);
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly BuildOptions build;
    private readonly IReadOnlyList<Operation> operations;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new(StringComparer.Ordinal);
    private readonly Lock building = new();

    private ApiContract(JsonElement document)
    {
        var registry = new SchemaRegistry();
        registry.Register(new JsonElementBaseDocument(document, DocumentUri));
        build = new BuildOptions { SchemaRegistry = registry };
        operations =
        [
            .. from path in document.GetProperty("paths").EnumerateObject()
               from operation in path.Value.EnumerateObject()
               let literal = TemplateParameter().Replace(path.Name, string.Empty).Length
               orderby literal descending
               select new Operation(
                   operation.Name.ToUpperInvariant(),
                   path.Name,
                   new Regex("^" + TemplateParameter().Replace(Regex.Escape(path.Name).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$"),
                   operation.Value.GetProperty("responses")),
        ];
    }

    /// <summary>The contract the host at <paramref name="address"/> serves (parsed once per distinct document).</summary>
    public static async Task<ApiContract> LoadAsync(Uri address)
    {
        using var client = new HttpClient { BaseAddress = address };
        return Parse(await client.GetStringAsync("/api/openapi.json"));
    }

    public static ApiContract Parse(string document) =>
        Parsed.GetOrAdd(document, text => new Lazy<ApiContract>(() => new ApiContract(JsonDocument.Parse(text).RootElement.Clone()))).Value;

    /// <summary>What is wrong with the answer to the request, as the document sees it; empty when nothing is.</summary>
    public IReadOnlyList<string> Check(HttpMethod method, string path, int status, MediaTypeHeaderValue? contentType, IReadOnlySet<string> headers, string body)
    {
        var candidates = operations.Where(operation => operation.Path.IsMatch(path)).ToList();
        var operation = candidates.FirstOrDefault(candidate => candidate.Method == method.Method);
        if (operation is null)
        {
            // Outside the contract: the host's own answer to an unknown route (api.md: no catch-all).
            return status is 404 or 405 ? [] : [$"{method} {path} is in no operation of the document, yet it answered {status} rather than 404."];
        }

        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses.TryGetProperty(key, out var documented))
        {
            return [$"{operation} answered {status}, which the document does not list (it lists {string.Join(", ", operation.Responses.EnumerateObject().Select(response => response.Name))})."];
        }

        var problems = new List<string>();
        if (documented.TryGetProperty("headers", out var documentedHeaders))
        {
            problems.AddRange(from header in documentedHeaders.EnumerateObject()
                              where header.Value.TryGetProperty("required", out var required) && required.GetBoolean() && !headers.Contains(header.Name)
                              select $"{operation} answered {status} without the required header {header.Name}.");
        }

        if (!documented.TryGetProperty("content", out var content))
        {
            if (body.Length > 0)
            {
                problems.Add($"{operation} answered {status} with a body, where the document says none: {Excerpt(body)}");
            }

            return problems;
        }

        var mediaType = contentType?.MediaType ?? "(none)";
        if (!content.TryGetProperty(mediaType, out _))
        {
            problems.Add($"{operation} answered {status} as {mediaType}; the document says {string.Join(" or ", content.EnumerateObject().Select(media => media.Name))}: {Excerpt(body)}");
            return problems;
        }

        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            problems.Add($"{operation} answered {status} with a body that is not JSON: {Excerpt(body)}");
            return problems;
        }

        var result = SchemaOf(operation, key, mediaType).Evaluate(instance, Evaluation);
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(detail => detail.Errors is not null)
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} ({detail.EvaluationPath}): {error.Value}"))
                .Distinct();
            problems.Add($"{operation} answered {status} with a body the document's schema refuses: {string.Join("; ", errors)}. Body: {Excerpt(body)}");
        }

        return problems;
    }

    private JsonSchema SchemaOf(Operation operation, string status, string mediaType)
    {
        var pointer = $"/paths/{Escape(operation.Template)}/{operation.Method.ToLowerInvariant()}/responses/{status}/content/{Escape(mediaType)}/schema";
        if (schemas.TryGetValue(pointer, out var schema))
        {
            return schema;
        }

        lock (building)
        {
            return schemas.GetOrAdd(pointer, _ =>
                JsonSchema.FromText(JsonSerializer.Serialize(new Dictionary<string, string> { ["$ref"] = DocumentUri + "#" + Uri.EscapeDataString(pointer).Replace("%2F", "/", StringComparison.Ordinal) }), build));
        }
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Excerpt(string body) => body.Length <= 600 ? body : body[..600] + "…";

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex TemplateParameter();

    private sealed record Operation(string Method, string Template, Regex Path, JsonElement Responses)
    {
        public override string ToString() => $"{Method} {Template}";
    }
}
