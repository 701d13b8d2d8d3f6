using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace TaxIdentity.Core.Verification.Sms;

public enum SmsProvider
{
    /// <summary>Azure Communication Services over its REST API.</summary>
    Acs,

    /// <summary>Writes messages to the log and the development inbox; refused outside Development.</summary>
    Development,
}

/// <summary>How SMS codes are sent. Bound from the <c>Sms</c> section.</summary>
public sealed partial class SmsOptions : IValidatableObject
{
    public const string Section = "Sms";

    public SmsProvider Provider { get; set; } = SmsProvider.Acs;

    /// <summary>ACS endpoint, reached with the app's managed identity (https://name.communication.azure.com).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>ACS connection string with an access key (HMAC signing); instead of <see cref="Endpoint"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Sender number in E.164, provisioned on the ACS resource.</summary>
    public string? From { get; set; }

    /// <summary>Attempts per message on 429, 5xx, timeouts and transport failures, the first included; all within <see cref="DeadlineSeconds"/>.</summary>
    [Range(1, 10, ErrorMessage = "Sms:MaxAttempts (Sms__MaxAttempts) must be between 1 and 10.")]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>How long one attempt may take before it is abandoned (and retried, within the deadline).</summary>
    [Range(1, 30, ErrorMessage = "Sms:AttemptTimeoutSeconds (Sms__AttemptTimeoutSeconds) must be between 1 and 30.")]
    public int AttemptTimeoutSeconds { get; set; } = 2;

    /// <summary>
    /// How long a message may take, retries and waits included, while the user waits for the answer; past it the
    /// request is answered 503 unavailable and spends nothing.
    /// </summary>
    [Range(1, 30, ErrorMessage = "Sms:DeadlineSeconds (Sms__DeadlineSeconds) must be between 1 and 30.")]
    public int DeadlineSeconds { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AttemptTimeoutSeconds > DeadlineSeconds)
        {
            yield return new ValidationResult(
                "Sms:AttemptTimeoutSeconds (Sms__AttemptTimeoutSeconds) can't be longer than Sms:DeadlineSeconds (Sms__DeadlineSeconds).",
                [nameof(AttemptTimeoutSeconds)]);
        }

        if (Provider != SmsProvider.Acs)
        {
            yield break;
        }

        if ((Endpoint is null) == string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "With Sms:Provider Acs, set exactly one of Sms:Endpoint (Sms__Endpoint) or Sms:ConnectionString (Sms__ConnectionString).",
                [nameof(Endpoint), nameof(ConnectionString)]);
        }

        if (string.IsNullOrWhiteSpace(From) || !SenderPattern().IsMatch(From))
        {
            yield return new ValidationResult(
                "With Sms:Provider Acs, Sms:From (Sms__From) must be the sender number in E.164 or an alphanumeric sender ID of up to 11 characters.",
                [nameof(From)]);
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString) && !AcsConnectionString.TryParse(ConnectionString, out _, out var error))
        {
            yield return new ValidationResult($"Sms:ConnectionString (Sms__ConnectionString) is not valid: {error}", [nameof(ConnectionString)]);
        }
    }

    [GeneratedRegex(@"^(\+[1-9][0-9]{6,14}|[A-Za-z0-9 ]{1,11})$")]
    private static partial Regex SenderPattern();
}
