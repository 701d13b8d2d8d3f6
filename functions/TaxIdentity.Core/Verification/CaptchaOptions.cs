using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TaxIdentity.Core.Verification;

/// <summary>The proof-of-work captcha behind the login page's slider (A8). Bound from <c>Captcha</c>.</summary>
public sealed class CaptchaOptions
{
    public const string Section = "Captcha";

    /// <summary>
    /// The least difficulty allowed outside Development. 2^18 SHA-256 tries cost a client about as much CPU as the
    /// server's 210,000-iteration PBKDF2 hash costs the server (measured: bench/README.md, "Captcha cost").
    /// </summary>
    public const int ProductionFloor = 18;

    /// <summary>Leading zero bits SHA-256(salt + nonce) must have: 2^difficulty hashes on average.</summary>
    [Range(0, 24, ErrorMessage = "Captcha:Difficulty (Captcha__Difficulty) must be between 0 and 24.")]
    public int Difficulty { get; set; } = ProductionFloor;

    [Range(30, 600, ErrorMessage = "Captcha:LifetimeSeconds (Captcha__LifetimeSeconds) must be between 30 and 600.")]
    public int LifetimeSeconds { get; set; } = 120;

    /// <summary>Captchas one client IP may obtain per minute.</summary>
    [Range(1, 100_000, ErrorMessage = "Captcha:IssuesPerMinutePerClient (Captcha__IssuesPerMinutePerClient) must be between 1 and 100000.")]
    public int IssuesPerMinutePerClient { get; set; } = 30;
}

/// <summary>Refuses to start outside Development with a difficulty below <see cref="CaptchaOptions.ProductionFloor"/>.</summary>
public sealed class CaptchaOptionsEnvironmentValidation(IHostEnvironment environment) : IValidateOptions<CaptchaOptions>
{
    public ValidateOptionsResult Validate(string? name, CaptchaOptions options) =>
        options.Difficulty < CaptchaOptions.ProductionFloor && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail(
                $"Captcha:Difficulty (Captcha__Difficulty) must be at least {CaptchaOptions.ProductionFloor} outside Development; it is {options.Difficulty}.")
            : ValidateOptionsResult.Success;
}
