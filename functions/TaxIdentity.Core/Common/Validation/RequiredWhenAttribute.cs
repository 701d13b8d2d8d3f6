namespace TaxIdentity.Core.Common.Validation;

/// <summary>
/// For the OpenAPI document: the property is required when <paramref name="property"/> (another property of the same
/// record, by its C# name) holds one of <paramref name="values"/> (enum values). The service checks the rule itself;
/// this states it to clients (JSON Schema if/then).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
public sealed class RequiredWhenAttribute(string property, params object[] values) : Attribute
{
    public string Property => property;

    public IReadOnlyList<object> Values => values;
}
