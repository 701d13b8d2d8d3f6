using TaxIdentity.Core.Common.Results;

namespace TaxIdentity.Core.Common.Validation;

/// <summary>Collects field errors of a request and turns them into one validation problem.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Records "is required" when the value is missing; returns whether it was present.</summary>
    public bool Required<T>(string field, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] T? value)
    {
        if (value is null || (value is string text && string.IsNullOrWhiteSpace(text)))
        {
            Add(field, "is required.");
            return false;
        }

        return true;
    }

    /// <summary>Requires a non-blank text of at most <paramref name="maxLength"/> characters; returns it trimmed.</summary>
    public string? Text(string field, string? value, int maxLength)
    {
        if (!Required(field, value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters.");
            return null;
        }

        if (trimmed.Any(char.IsControl))
        {
            Add(field, "must not contain control characters.");
            return null;
        }

        return trimmed;
    }

    public Problem ToProblem() =>
        Problem.Validation(errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
}
