using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace TaxIdentity.Core.Verification;

/// <summary>SMS codes (B1) and face checks (B2). Bound from the <c>Verification</c> section.</summary>
public sealed partial class VerificationOptions : IValidatableObject
{
    public const string Section = "Verification";

    [Range(1, 30)]
    public int CodeMinutes { get; set; } = 5;

    [Range(0, 600)]
    public int ResendSeconds { get; set; } = 60;

    /// <summary>Codes one phone can receive in a bureau day, anonymous and signed-in purposes together.</summary>
    [Range(1, 100)]
    public int DailySendsPerPhone { get; set; } = 10;

    /// <summary>
    /// Of <see cref="DailySendsPerPhone"/>, how many anonymous purposes (register, login, reset) may use, so that
    /// strangers can't use up what the person needs for signed-in purposes.
    /// </summary>
    [Range(1, 99)]
    public int DailyAnonymousSendsPerPhone { get; set; } = 5;

    /// <summary>Anonymous codes one client address can have sent in a bureau day.</summary>
    [Range(1, 1_000_000)]
    public int DailyAnonymousSendsPerClient { get; set; } = 20;

    /// <summary>Anonymous codes the platform sends in a bureau day, all clients together: the ceiling on what abuse can cost.</summary>
    [Range(1, 100_000_000)]
    public int DailyAnonymousSendsTotal { get; set; } = 50_000;

    /// <summary>
    /// Country calling codes that anonymous codes and newPhone codes (numbers the requester chooses) may go to,
    /// comma-separated (<c>+86</c>, <c>+86,+852,+853</c>). Other signed-in purposes go to the person's own phones wherever they are.
    /// </summary>
    public string AllowedCallingCodes { get; set; } = "+86";

    /// <summary>Wrong tries that lock a code; as many in a round for one phone and purpose hold back new codes there until the round ends.</summary>
    [Range(1, 20)]
    public int MaxWrongTries { get; set; } = 5;

    [Range(1, 30)]
    public int FaceMinutes { get; set; } = 5;

    /// <summary>The calling codes of <see cref="AllowedCallingCodes"/>, each with its plus sign.</summary>
    public IReadOnlyList<string> CallingCodes =>
        [.. AllowedCallingCodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(code => code.StartsWith('+') ? code : "+" + code)];

    /// <summary>
    /// Whether an anonymous code may go to the number (E.164). Country calling codes are prefix-free, so a
    /// number has the calling code it starts with.
    /// </summary>
    public bool AllowsAnonymousSendsTo(string e164) => CallingCodes.Any(code => e164.StartsWith(code, StringComparison.Ordinal));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CallingCodes.Count == 0 || CallingCodes.Any(code => !CallingCode().IsMatch(code)))
        {
            yield return new ValidationResult(
                "Verification:AllowedCallingCodes (Verification__AllowedCallingCodes) must be country calling codes separated by commas, such as +86 or +86,+852.",
                [nameof(AllowedCallingCodes)]);
        }

        if (DailyAnonymousSendsPerPhone >= DailySendsPerPhone)
        {
            yield return new ValidationResult(
                "Verification:DailyAnonymousSendsPerPhone (Verification__DailyAnonymousSendsPerPhone) must be below Verification:DailySendsPerPhone, or anonymous sends could use up a person's codes for signed-in purposes.",
                [nameof(DailyAnonymousSendsPerPhone)]);
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{0,2}$")]
    private static partial Regex CallingCode();
}
