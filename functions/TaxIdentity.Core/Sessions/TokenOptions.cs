using System.ComponentModel.DataAnnotations;

namespace TaxIdentity.Core.Sessions;

/// <summary>Access and refresh tokens. Bound from the <c>Tokens</c> section.</summary>
public sealed class TokenOptions : IValidatableObject
{
    public const string Section = "Tokens";
    public const int MinimumKeyBytes = 32;

    /// <summary>Base64 HMAC-SHA256 key that signs access tokens; generated per start in Development when unset.</summary>
    public string? SigningKey { get; set; }

    [Required(ErrorMessage = "Tokens:Issuer (Tokens__Issuer) is required.")]
    public string Issuer { get; set; } = "tax-identity-local";

    [Range(1, 60, ErrorMessage = "Tokens:AccessTokenMinutes (Tokens__AccessTokenMinutes) must be between 1 and 60.")]
    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>A session ends this long after sign-in, however often it is refreshed.</summary>
    [Range(1, 720, ErrorMessage = "Tokens:SessionHours (Tokens__SessionHours) must be between 1 and 720.")]
    public int SessionHours { get; set; } = 12;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKey is null)
        {
            yield break;
        }

        byte[]? key = null;
        try
        {
            key = Convert.FromBase64String(SigningKey);
        }
        catch (FormatException)
        {
        }

        if (key is null || key.Length < MinimumKeyBytes)
        {
            yield return new ValidationResult(
                $"Tokens:SigningKey (Tokens__SigningKey) must be Base64 of at least {MinimumKeyBytes} bytes.", [nameof(SigningKey)]);
        }
    }
}
