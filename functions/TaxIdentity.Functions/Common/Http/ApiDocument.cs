using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Paging;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Provisioning;

namespace TaxIdentity.Functions.Common.Http;

/// <summary>
/// The OpenAPI 3.1 document, built with Microsoft.OpenApi from the functions themselves: routes and verbs from
/// their triggers; summaries, bodies, access and error codes from <see cref="ApiDocAttribute"/>; schemas from
/// the record types (<see cref="OpenApiSchemas"/>). A new endpoint can't be left out, and its answers are
/// checked against it by every HTTP test.
/// </summary>
public sealed partial class ApiDocument
{
    public const string ProblemSchema = nameof(ProblemDocument);
    public const string Bearer = "bearer";
    public const string OperatorKey = "operatorKey";
    public const string AppKey = "appKey";
    public const string RequiredFunctionExtension = "x-required-function";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Platform"] = "Health and this document.",
        ["Catalogue"] = "Identity types and tax functions.",
        ["Verification"] = "Captcha (A8), SMS codes (B1) and face checks (B2).",
        ["Registration and login"] = "Registration (A1), logins (A2-A7) and forgotten passwords (A10).",
        ["Sessions"] = "Sessions (A11), the agreement (A9) and identity switching (H1-H3).",
        ["Tax-office provisioning"] = "The tax office's provisioning API (J1, J2), with X-Operator-Key.",
        ["Development"] = "Local-run helpers; they answer only under development settings.",
    };

    private readonly Lazy<string> json = new(() => Write(Build(HttpFunctionCatalog.All)));

    public string Json => json.Value;

    public static OpenApiDocument Build(IReadOnlyList<HttpFunction> functions)
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "Tax identity and delegation platform API",
                Version = "1.0",
                Description = "Unified identity platform of the electronic tax bureau. JSON in camelCase; times in ISO 8601 UTC; "
                    + "every error is application/problem+json (RFC 9457) with a stable code, and a 400 validation_failed names the fields in errors.",
            },
            Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }],
            Paths = [],
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
                {
                    [Bearer] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT", Description = "The access token of a session." },
                    [OperatorKey] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Operator-Key", Description = "The tax office's key." },
                    [AppKey] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-App-Key", Description = "The mobile app's key." },
                },
            },
            Tags = new HashSet<OpenApiTag>(),
        };
        var schemas = new OpenApiSchemas(document);
        DescribeProblem(document, schemas);
        foreach (var function in functions.Where(function => function.Doc is not null))
        {
            var path = "/" + HttpFunctionCatalog.RoutePrefix + "/" + RouteParameter().Replace(function.Route, "{$1}");
            if (!document.Paths.TryGetValue(path, out var item))
            {
                document.Paths[path] = item = new OpenApiPathItem();
            }

            foreach (var method in function.Methods)
            {
                ((OpenApiPathItem)item).AddOperation(new HttpMethod(method), Operation(document, schemas, function, function.Doc!));
            }
        }

        document.Components.Schemas = new SortedDictionary<string, IOpenApiSchema>(document.Components.Schemas, StringComparer.Ordinal);
        return document;
    }

    public static string Write(OpenApiDocument document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    private static OpenApiOperation Operation(OpenApiDocument document, OpenApiSchemas schemas, HttpFunction function, ApiDocAttribute doc)
    {
        var tags = document.Tags!;
        if (tags.All(tag => tag.Name != doc.Tag))
        {
            tags.Add(new OpenApiTag { Name = doc.Tag, Description = TagDescriptions.GetValueOrDefault(doc.Tag) });
        }

        var operation = new OpenApiOperation
        {
            OperationId = function.Name,
            Summary = doc.Summary,
            Tags = new HashSet<OpenApiTagReference> { new(doc.Tag, document) },
            Parameters = [.. Parameters(schemas, function, doc)],
            Security = Security(document, doc.Access),
            Responses = Responses(document, schemas, function, doc),
        };
        if (doc.Request is { } request)
        {
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = JsonContent(schemas.For(request)) };
        }

        if (function.RequiredFunction is { } required)
        {
            // D10, from the function's [RequiresFunction]: the web app's menus and the authorization tests read it here.
            operation.Extensions = new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal) { [RequiredFunctionExtension] = new JsonNodeExtension(JsonValue.Create(required)) };
            operation.Description = $"Needs the `{required}` function in the current identity's set (D10); 403 without it.";
        }

        return operation;
    }

    private static IEnumerable<IOpenApiParameter> Parameters(OpenApiSchemas schemas, HttpFunction function, ApiDocAttribute doc)
    {
        foreach (Match match in RouteParameter().Matches(function.Route))
        {
            var name = match.Groups[1].Value;
            yield return new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = ParameterSchema(schemas, name) };
        }

        foreach (var name in doc.Query)
        {
            yield return new OpenApiParameter { Name = name, In = ParameterLocation.Query, Required = doc.RequiredQuery.Contains(name), Schema = ParameterSchema(schemas, name) };
        }

        foreach (var name in doc.Headers)
        {
            yield return new OpenApiParameter { Name = name, In = ParameterLocation.Header, Schema = ParameterSchema(schemas, name) };
        }
    }

    /// <summary>
    /// Route and query values the API reads by name, typed as the service reads them. A query value given must have a
    /// value (an empty one is 400 where leaving it out means all or a default), hence every string's minLength.
    /// </summary>
    private static IOpenApiSchema ParameterSchema(OpenApiSchemas schemas, string name) => name switch
    {
        "creditCode" => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = TaxpayerId.Pattern },
        "idType" => schemas.For(typeof(IdType)),
        "idNumber" => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = IdDocument.Pattern },
        "phone" => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = PhoneNumber.Pattern },
        "agreementNumber" or "itemId" => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = ProvisioningValidation.KeyFormat },
        "identityType" => schemas.For(typeof(IdentityType)),
        "loginType" => schemas.For(typeof(LoginType)),
        "kind" => schemas.For(typeof(HistoryKind)),
        "from" or "to" => new OpenApiSchema
        {
            Description = "A date (yyyy-MM-dd: a whole day of the bureau's calendar, UTC+8) or an ISO 8601 instant, from 2000 to 2099; both ends are included.",
            AnyOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
                new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            ],
        },
        "pageSize" => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = TimeRangePaging.MaxPageSize.ToString(CultureInfo.InvariantCulture) },
        "continuation" => new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = ContinuationTokens.MaxLength },
        "name" => new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = ListFilter.MaxNameLength, Description = "Contained in the name, ignoring case." },
        "province" or "city" or "district" or "taxAuthority" or "managementNumber" =>
            new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = ReferenceDataProvisioning.TextLength },
        _ => new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
    };

    private static List<OpenApiSecurityRequirement> Security(OpenApiDocument document, ApiAccess access)
    {
        OpenApiSecurityRequirement Requirement(params string[] schemes)
        {
            var requirement = new OpenApiSecurityRequirement();
            foreach (var scheme in schemes)
            {
                requirement[new OpenApiSecuritySchemeReference(scheme, document)] = [];
            }

            return requirement;
        }

        return access switch
        {
            ApiAccess.PublicOrSignedIn => [Requirement(), Requirement(Bearer)],
            ApiAccess.SignedIn => [Requirement(Bearer)],
            ApiAccess.App => [Requirement(Bearer, AppKey)],
            ApiAccess.AppOptionallySignedIn => [Requirement(AppKey), Requirement(Bearer, AppKey)],
            ApiAccess.Operator => [Requirement(OperatorKey)],
            _ => [],
        };
    }

    private static OpenApiResponses Responses(OpenApiDocument document, OpenApiSchemas schemas, HttpFunction function, ApiDocAttribute doc)
    {
        var responses = new OpenApiResponses
        {
            [Status(doc.Status)] = new OpenApiResponse
            {
                Description = doc.Status == 204 ? "No content." : "Success.",
                Content = doc.Response is { } type ? JsonContent(schemas.For(type)) : null,
            },
        };
        foreach (var extra in function.Method.GetCustomAttributes<ApiResponseAttribute>())
        {
            responses[Status(extra.Status)] = new OpenApiResponse { Description = extra.Description, Content = JsonContent(schemas.For(extra.Body)) };
        }

        foreach (var group in ApiProblems.CodesOf(doc).GroupBy(code => ApiProblems.Statuses[code]).OrderBy(group => group.Key))
        {
            var key = Status(group.Key);
            var problem = new OpenApiMediaType { Schema = ProblemWith(document, group.Key, [.. group]) };
            var description = "Problem: " + string.Join(", ", group) + ".";
            if (responses.TryGetValue(key, out var existing))
            {
                var response = (OpenApiResponse)existing;
                response.Content!["application/problem+json"] = problem;
                response.Description += " Or a " + description;
                continue;
            }

            responses[key] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = problem },
                Headers = ApiProblems.RetryAfterStatuses.Contains(group.Key)
                    ? new Dictionary<string, IOpenApiHeader>
                    {
                        ["Retry-After"] = new OpenApiHeader
                        {
                            Required = true,
                            Description = "Seconds to wait before trying again.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
                        },
                    }
                    : null,
            };
        }

        return responses;
    }

    /// <summary>The problem schema narrowed to one status and the codes the operation answers with it.</summary>
    private static OpenApiSchema ProblemWith(OpenApiDocument document, int status, IReadOnlyList<string> codes) => new()
    {
        AllOf =
        [
            new OpenApiSchemaReference(ProblemSchema, document),
            new OpenApiSchema
            {
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                {
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Enum = [status] },
                    ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. codes.Select(code => (JsonNode)code)] },
                },
            },
        ],
    };

    /// <summary>The problem schema: every code of the contract, and <c>errors</c> required with validation_failed only.</summary>
    private static void DescribeProblem(OpenApiDocument document, OpenApiSchemas schemas)
    {
        schemas.For(typeof(ProblemDocument));
        var problem = (OpenApiSchema)document.Components!.Schemas![ProblemSchema];
        problem.Description = "An error (RFC 9457) with a stable code.";
        problem.Properties!["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [.. ApiProblems.Statuses.Keys.Select(code => (JsonNode)code)],
        };
        problem.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "The fields at fault, each with its messages; always with validation_failed.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        problem.If = new OpenApiSchema
        {
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { ["code"] = new OpenApiSchema { Const = ErrorCodes.ValidationFailed } },
        };
        problem.Then = new OpenApiSchema
        {
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { ["errors"] = new OpenApiSchema { Type = JsonSchemaType.Object } },
            Required = new HashSet<string>(StringComparer.Ordinal) { "errors" },
        };
    }

    private static Dictionary<string, IOpenApiMediaType> JsonContent(IOpenApiSchema schema) =>
        new(StringComparer.Ordinal) { ["application/json"] = new OpenApiMediaType { Schema = schema } };

    private static string Status(int status) => status.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{\*?([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
