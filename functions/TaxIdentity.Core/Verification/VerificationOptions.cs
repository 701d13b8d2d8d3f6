using System.ComponentModel.DataAnnotations;

namespace TaxIdentity.Core.Verification;

/// <summary>SMS codes (B1) and face checks (B2). Bound from the <c>Verification</c> section.</summary>
public sealed class VerificationOptions
{
    public const string Section = "Verification";

    [Range(1, 30)]
    public int CodeMinutes { get; set; } = 5;

    [Range(0, 600)]
    public int ResendSeconds { get; set; } = 60;

    [Range(1, 100)]
    public int DailySendsPerPhone { get; set; } = 10;

    [Range(1, 20)]
    public int MaxWrongTries { get; set; } = 5;

    [Range(1, 30)]
    public int FaceMinutes { get; set; } = 5;
}
