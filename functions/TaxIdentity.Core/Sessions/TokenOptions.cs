using System.ComponentModel.DataAnnotations;

namespace TaxIdentity.Core.Sessions;

/// <summary>Access and refresh tokens, and the keys behind them. Bound from the <c>Tokens</c> section.</summary>
public sealed class TokenOptions : IValidatableObject
{
    public const string Section = "Tokens";
    public const int MinimumKeyBytes = 32;

    /// <summary>Base64 HMAC-SHA256 key that signs access tokens; generated per start in Development when unset.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The signing key before the last rotation, still accepted (never used to sign) until <see cref="PreviousSigningKeyUntil"/>.</summary>
    public string? PreviousSigningKey { get; set; }

    /// <summary>When the previous signing key stops being accepted: the end of the rotation's overlap.</summary>
    public DateTimeOffset? PreviousSigningKeyUntil { get; set; }

    /// <summary>
    /// Base64 key of the keyed hashes under which refresh tokens and SMS codes are stored; separate from the
    /// signing key, so rotating that one ends no session and no pending code. Generated per start in Development when unset.
    /// </summary>
    public string? HashingKey { get; set; }

    [Required(ErrorMessage = "Tokens:Issuer (Tokens__Issuer) is required.")]
    public string Issuer { get; set; } = "tax-identity-local";

    [Range(1, 60, ErrorMessage = "Tokens:AccessTokenMinutes (Tokens__AccessTokenMinutes) must be between 1 and 60.")]
    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>A session ends this long after sign-in, however often it is refreshed.</summary>
    [Range(1, 720, ErrorMessage = "Tokens:SessionHours (Tokens__SessionHours) must be between 1 and 720.")]
    public int SessionHours { get; set; } = 12;

    /// <summary>A session whose refresh token goes unused this long ends.</summary>
    [Range(1, 1440, ErrorMessage = "Tokens:IdleMinutes (Tokens__IdleMinutes) must be between 1 and 1440.")]
    public int IdleMinutes { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(SigningKey), SigningKey), (nameof(PreviousSigningKey), PreviousSigningKey), (nameof(HashingKey), HashingKey) })
        {
            if (value is not null && KeyBytes(value) is null)
            {
                yield return new ValidationResult($"Tokens:{name} (Tokens__{name}) must be Base64 of at least {MinimumKeyBytes} bytes.", [name]);
            }
        }

        if ((PreviousSigningKey is null) != (PreviousSigningKeyUntil is null))
        {
            yield return new ValidationResult(
                "Tokens:PreviousSigningKey (Tokens__PreviousSigningKey) and Tokens:PreviousSigningKeyUntil (Tokens__PreviousSigningKeyUntil) go together: "
                + "the previous key is accepted until that time.",
                [nameof(PreviousSigningKey), nameof(PreviousSigningKeyUntil)]);
        }

        if (HashingKey is not null && (HashingKey == SigningKey || HashingKey == PreviousSigningKey))
        {
            yield return new ValidationResult("Tokens:HashingKey (Tokens__HashingKey) must differ from the signing keys.", [nameof(HashingKey)]);
        }

        if (IdleMinutes <= AccessTokenMinutes)
        {
            yield return new ValidationResult(
                "Tokens:IdleMinutes (Tokens__IdleMinutes) must be longer than Tokens:AccessTokenMinutes, or a client that refreshes when its access token runs out finds its session ended.",
                [nameof(IdleMinutes)]);
        }
    }

    /// <summary>The bytes of a Base64 key of at least <see cref="MinimumKeyBytes"/> bytes; null for anything else.</summary>
    public static byte[]? KeyBytes(string value)
    {
        try
        {
            var bytes = Convert.FromBase64String(value);
            return bytes.Length >= MinimumKeyBytes ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
