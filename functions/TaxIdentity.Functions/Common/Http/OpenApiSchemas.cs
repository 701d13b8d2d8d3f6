using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Validation;

namespace TaxIdentity.Functions.Common.Http;

/// <summary>
/// The schemas of an OpenAPI document, derived from the types as the API's JSON options see them: one named
/// schema in components/schemas per record and enum, referenced by name; property names, enums as camelCase
/// strings, dates and instants as formats. A property is required when its type is not nullable (a response
/// always writes it) or when it carries [Required] (a request must send it; request records keep such fields
/// nullable so that the service can name a missing one). Null appears nowhere: the API never writes null,
/// and a null in a request reads as absent. Lengths, patterns, ranges, allowed values and descriptions come
/// from the properties' data annotations.
/// </summary>
internal sealed class OpenApiSchemas(OpenApiDocument document)
{
    private readonly Dictionary<Type, string> names = [];

    public IOpenApiSchema For(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Primitive(type) is { } primitive)
        {
            return primitive;
        }

        if (type.IsEnum)
        {
            return Named(type, () => Enum(type));
        }

        var info = JsonDefaults.Options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => new OpenApiSchema { Type = JsonSchemaType.Array, Items = For(info.ElementType!) },
            JsonTypeInfoKind.Dictionary => new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = For(info.ElementType!) },
            JsonTypeInfoKind.Object => Named(type, () => Object(info)),
            _ => throw new NotSupportedException($"No OpenAPI schema for {type}."),
        };
    }

    private static OpenApiSchema? Primitive(Type type) =>
        type == typeof(string) ? new() { Type = JsonSchemaType.String }
        : type == typeof(bool) ? new() { Type = JsonSchemaType.Boolean }
        : type == typeof(int) ? new() { Type = JsonSchemaType.Integer, Format = "int32" }
        : type == typeof(long) ? new() { Type = JsonSchemaType.Integer, Format = "int64" }
        : type == typeof(double) || type == typeof(decimal) ? new() { Type = JsonSchemaType.Number }
        : type == typeof(DateOnly) ? new() { Type = JsonSchemaType.String, Format = "date" }
        : type == typeof(DateTimeOffset) || type == typeof(DateTime) ? new() { Type = JsonSchemaType.String, Format = "date-time" }
        : type == typeof(Guid) ? new() { Type = JsonSchemaType.String, Format = "uuid" }
        : type == typeof(JsonObject) ? new() { Type = JsonSchemaType.Object }
        : type == typeof(JsonElement) || type == typeof(JsonNode) ? new()
        : null;

    private OpenApiSchemaReference Named(Type type, Func<OpenApiSchema> build)
    {
        if (!names.TryGetValue(type, out var name))
        {
            name = type.IsGenericType ? throw new NotSupportedException($"Name a record instead of the generic {type}.") : type.Name;
            if (names.ContainsValue(name))
            {
                throw new InvalidOperationException($"Two types are named {name}; schema names must be unique.");
            }

            names[type] = name;
            document.AddComponent<IOpenApiSchema>(name, build());
        }

        return new OpenApiSchemaReference(name, document);
    }

    private static OpenApiSchema Enum(Type type) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. System.Enum.GetNames(type).Select(value => (JsonNode)JsonNamingPolicy.CamelCase.ConvertName(value))],
    };

    private OpenApiSchema Object(JsonTypeInfo info)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = info.Type.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            Required = new HashSet<string>(StringComparer.Ordinal),
        };
        var conditions = new List<(string Property, JsonNode[] Values, string Required)>();
        foreach (var property in info.Properties.Where(property => property.Get is not null || property.Set is not null))
        {
            var attributes = property.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [];
            schema.Properties[property.Name] = Annotated(For(property.PropertyType), attributes);
            if (property.IsRequired || !property.IsGetNullable || attributes.OfType<RequiredAttribute>().Any())
            {
                schema.Required.Add(property.Name);
            }

            conditions.AddRange(attributes.OfType<RequiredWhenAttribute>().Select(rule => (
                JsonNamingPolicy.CamelCase.ConvertName(rule.Property),
                rule.Values.Select(value => JsonSerializer.SerializeToNode(value, JsonDefaults.Options)!).ToArray(),
                property.Name)));
        }

        var rules = conditions
            .GroupBy(condition => (condition.Property, Values: string.Join(',', condition.Values.Select(value => value.ToJsonString()))))
            .Select(group => (IOpenApiSchema)new OpenApiSchema
            {
                If = new OpenApiSchema
                {
                    Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                    {
                        [group.Key.Property] = new OpenApiSchema { Enum = [.. group.First().Values.Select(value => value.DeepClone())] },
                    },
                    Required = new HashSet<string>(StringComparer.Ordinal) { group.Key.Property },
                },
                Then = new OpenApiSchema { Required = new HashSet<string>(group.Select(condition => condition.Required), StringComparer.Ordinal) },
            })
            .ToList();
        if (rules.Count > 0)
        {
            schema.AllOf = rules;
        }

        return schema;
    }

    private static IOpenApiSchema Annotated(IOpenApiSchema schema, object[] attributes)
    {
        var description = attributes.OfType<DescriptionAttribute>().FirstOrDefault()?.Description;
        if (schema is OpenApiSchemaReference reference)
        {
            if (attributes.OfType<ValidationAttribute>().Any(attribute => attribute is not RequiredAttribute))
            {
                throw new NotSupportedException($"Constraints on a property of the named type {reference.Reference.Id} are not supported.");
            }

            reference.Description = description;
            return reference;
        }

        var target = (OpenApiSchema)schema;
        target.Description = description;
        var isArray = target.Type == JsonSchemaType.Array;
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case StringLengthAttribute length:
                    target.MaxLength = length.MaximumLength;
                    target.MinLength = length.MinimumLength > 0 ? length.MinimumLength : null;
                    break;
                case MinLengthAttribute min when isArray:
                    target.MinItems = min.Length;
                    break;
                case MinLengthAttribute min:
                    target.MinLength = min.Length;
                    break;
                case MaxLengthAttribute max when isArray:
                    target.MaxItems = max.Length;
                    break;
                case MaxLengthAttribute max:
                    target.MaxLength = max.Length;
                    break;
                case RegularExpressionAttribute expression:
                    target.Pattern = expression.Pattern;
                    break;
                case RangeAttribute range:
                    target.Minimum = Convert.ToString(range.Minimum, CultureInfo.InvariantCulture);
                    target.Maximum = Convert.ToString(range.Maximum, CultureInfo.InvariantCulture);
                    break;
                case AllowedValuesAttribute allowed:
                    target.Enum = [.. allowed.Values.Select(value => JsonSerializer.SerializeToNode(value)!)];
                    break;
            }
        }

        return target;
    }
}
