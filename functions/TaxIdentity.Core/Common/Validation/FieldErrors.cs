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

    /// <summary>
    /// Requires text people read (a name, an address, a reason) of at most <paramref name="maxLength"/> characters,
    /// checked and normalized by <see cref="HumanText"/>; returns it normalized, or null after recording why not.
    /// </summary>
    public string? Text(string field, string? value, int maxLength)
    {
        var text = HumanText.Normalize(value, maxLength, out var error);
        if (error is not null)
        {
            Add(field, error);
        }

        return text;
    }

    /// <summary>Requires a person's name: <see cref="Text"/>, NFKC-checked (<see cref="HumanText.NormalizePersonName"/>).</summary>
    public string? PersonName(string field, string? value, int maxLength)
    {
        var text = HumanText.NormalizePersonName(value, maxLength, out var error);
        if (error is not null)
        {
            Add(field, error);
        }

        return text;
    }

    public const string EmptyQueryMessage = "must not be empty: leave the parameter out instead.";

    /// <summary>
    /// A query value that may be left out (null), where leaving it out means "all" or a default: given, it must not be
    /// empty or blank, or a client that meant to filter gets everything. Returns whether it was given with a value.
    /// </summary>
    public bool GivenQuery([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value, string field)
    {
        if (value is null)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, EmptyQueryMessage);
            return false;
        }

        return true;
    }

    /// <summary>As <see cref="Text"/> for a field that may be left out (null, empty or only plain spaces).</summary>
    public string? OptionalText(string field, string? value, int maxLength) =>
        string.IsNullOrEmpty(value?.Trim(' ')) ? null : Text(field, value, maxLength);

    public Problem ToProblem() =>
        Problem.Validation(errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
}
