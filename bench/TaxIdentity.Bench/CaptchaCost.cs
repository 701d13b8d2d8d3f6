using System.Diagnostics;
using System.Globalization;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Bench;

/// <summary>
/// What the production captcha costs a client: SHA-256 tries per CPU second the way <see cref="CaptchaService.Solve"/>
/// makes them (decimal nonce appended to the salt, one try at a time, one thread), times the 2^floor tries a solve
/// takes on average.
/// </summary>
public static class CaptchaCost
{
    public static (double TriesPerCpuSecond, TimeSpan CpuPerSolve) Measure(TimeSpan duration)
    {
        var salt = Guid.NewGuid().ToString("N");
        CaptchaService.IsSolution(salt, "0", CaptchaOptions.ProductionFloor);
        using var process = Process.GetCurrentProcess();
        var cpuAtStart = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var tries = 0L;
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < 1000; i++, tries++)
            {
                CaptchaService.IsSolution(salt, tries.ToString(CultureInfo.InvariantCulture), CaptchaOptions.ProductionFloor);
            }
        }

        process.Refresh();
        var perSecond = tries / (process.TotalProcessorTime - cpuAtStart).TotalSeconds;
        return (perSecond, TimeSpan.FromSeconds((1L << CaptchaOptions.ProductionFloor) / perSecond));
    }
}
