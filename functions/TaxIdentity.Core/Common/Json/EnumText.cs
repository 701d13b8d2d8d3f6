using System.Text.Json;

namespace TaxIdentity.Core.Common.Json;

/// <summary>The camelCase names the API uses for enum values, also in routes and query strings.</summary>
public static class EnumText
{
    public static string ToText<T>(this T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToText(), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static T Parse<T>(string text)
        where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}.");

    public static string Allowed<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(value => value.ToText()));
}
