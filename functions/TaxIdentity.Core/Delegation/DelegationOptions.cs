using System.ComponentModel.DataAnnotations;

namespace TaxIdentity.Core.Delegation;

/// <summary>How invitations and applications run (D3, D9). Bound from the <c>Delegation</c> section.</summary>
public sealed class DelegationOptions
{
    public const string Section = "Delegation";

    /// <summary>How long an invitation or application waits for its answer before it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00", ErrorMessage = "Delegation:Expiry (Delegation__Expiry) must be between 00:00:01 and 90.00:00:00.")]
    public TimeSpan Expiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Invitation previews one manager may ask for a minute.</summary>
    [Range(1, 10_000, ErrorMessage = "Delegation:PreviewsPerMinutePerManager (Delegation__PreviewsPerMinutePerManager) must be between 1 and 10000.")]
    public int PreviewsPerMinutePerManager { get; set; } = 20;

    /// <summary>Invitation previews the managers of one enterprise may ask for a minute, together.</summary>
    [Range(1, 10_000, ErrorMessage = "Delegation:PreviewsPerMinutePerEnterprise (Delegation__PreviewsPerMinutePerEnterprise) must be between 1 and 10000.")]
    public int PreviewsPerMinutePerEnterprise { get; set; } = 60;
}
