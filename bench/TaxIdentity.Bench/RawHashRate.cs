using System.Diagnostics;
using System.Security.Cryptography;

namespace TaxIdentity.Bench;

/// <summary>Hashes per second of PBKDF2-HMAC-SHA512 at the host's settings (16-byte salt, 32-byte key), as ASP.NET Core Identity V3 computes it.</summary>
public static class RawHashRate
{
    /// <summary>
    /// Hashes per second over <paramref name="duration"/> on <paramref name="threads"/> threads, and the
    /// CPU time one hash takes (process CPU time ÷ hashes: unlike the rate, other load on the machine barely moves it).
    /// </summary>
    public static (double PerSecond, TimeSpan CpuPerHash) Measure(string password, int iterations, int threads, TimeSpan duration)
    {
        // JIT and first-use costs out of the way.
        Hash(password, iterations);

        var total = 0L;
        using var process = Process.GetCurrentProcess();
        var cpuAtStart = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            var count = 0L;
            while (clock.Elapsed < duration)
            {
                Hash(password, iterations);
                count++;
            }

            Interlocked.Add(ref total, count);
        });
        var elapsed = clock.Elapsed;
        process.Refresh();
        return (total / elapsed.TotalSeconds, (process.TotalProcessorTime - cpuAtStart) / total);
    }

    private static byte[] Hash(string password, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(password, RandomNumberGenerator.GetBytes(16), iterations, HashAlgorithmName.SHA512, 32);
}
