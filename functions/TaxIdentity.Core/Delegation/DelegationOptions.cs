using System.ComponentModel.DataAnnotations;

namespace TaxIdentity.Core.Delegation;

/// <summary>How invitations and applications run (D3, D9). Bound from the <c>Delegation</c> section.</summary>
public sealed class DelegationOptions
{
    public const string Section = "Delegation";

    /// <summary>How long an invitation or application waits for its answer before it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00", ErrorMessage = "Delegation:Expiry (Delegation__Expiry) must be between 00:00:01 and 90.00:00:00.")]
    public TimeSpan Expiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long an answer waits for its workflow to apply the outcome before it is answered 503.</summary>
    [Range(1, 120, ErrorMessage = "Delegation:AnswerWaitSeconds (Delegation__AnswerWaitSeconds) must be between 1 and 120.")]
    public int AnswerWaitSeconds { get; set; } = 30;
}
