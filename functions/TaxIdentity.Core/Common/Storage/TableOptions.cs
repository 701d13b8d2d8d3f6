using System.ComponentModel.DataAnnotations;

namespace TaxIdentity.Core.Common.Storage;

/// <summary>Where the platform's tables live. Bound from the <c>Tables</c> section.</summary>
public sealed class TableOptions : IValidatableObject
{
    public const string Section = "Tables";

    /// <summary>Connection string (Azurite locally). Either this or <see cref="ServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table endpoint reached with the app's managed identity.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Put before every table name so that runs and tests never share tables.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,19}$|^$", ErrorMessage = "Tables:Prefix must start with a letter and hold at most 20 letters and digits.")]
    public string Prefix { get; set; } = string.Empty;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (ServiceUri is not null))
        {
            yield return new ValidationResult(
                "Set exactly one of Tables:ConnectionString (Tables__ConnectionString) or Tables:ServiceUri (Tables__ServiceUri).",
                [nameof(ConnectionString), nameof(ServiceUri)]);
        }

        if (ServiceUri is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("Tables:ServiceUri must be an absolute URI.", [nameof(ServiceUri)]);
        }
    }
}
