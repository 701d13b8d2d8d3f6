using System.ComponentModel.DataAnnotations;

namespace TaxIdentity.Core.Verification;

/// <summary>The proof-of-work captcha behind the login page's slider (A8). Bound from <c>Captcha</c>.</summary>
public sealed class CaptchaOptions
{
    public const string Section = "Captcha";

    /// <summary>The least difficulty allowed outside Development.</summary>
    public const int ProductionFloor = 18;

    /// <summary>Leading zero bits SHA-256(salt + nonce) must have: 2^difficulty hashes on average.</summary>
    [Range(0, 24, ErrorMessage = "Captcha:Difficulty (Captcha__Difficulty) must be between 0 and 24.")]
    public int Difficulty { get; set; } = 16;

    [Range(30, 600, ErrorMessage = "Captcha:LifetimeSeconds (Captcha__LifetimeSeconds) must be between 30 and 600.")]
    public int LifetimeSeconds { get; set; } = 120;
}
