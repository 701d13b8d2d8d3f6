using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Bench;

/// <summary>The figures of one run, as Markdown.</summary>
public static class Report
{
    public static string Markdown(
        BenchOptions options, LoadResult load, ReadResult reads, double singleThreadRate, double allCoresRate, TimeSpan cpuPerHash,
        (double TriesPerCpuSecond, TimeSpan CpuPerSolve) captcha, IReadOnlyList<string> loadAverages, DateTimeOffset when)
    {
        var cores = Environment.ProcessorCount;
        var perCore = load.LoginsPerSecond / cores;
        var ownMs = load.ProcessCpu.TotalMilliseconds / load.Succeeded;
        var hashMs = cpuPerHash.TotalMilliseconds;
        var storageMs = load.StorageCpu is { } storageCpu ? storageCpu.TotalMilliseconds / load.Succeeded : 0;
        var text = new StringBuilder();
        Line(text, $"## Password login benchmark, {when:yyyy-MM-dd HH:mm} UTC");
        Line(text);
        Line(text, $"| Metric | Value |");
        Line(text, $"|---|---|");
        Line(text, $"| Machine | {cores} logical cores, {Cpu()}; {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription} |");
        Line(text, $"| PBKDF2-HMAC-SHA512 iterations | {options.Iterations:N0} |");
        Line(text, $"| Load | {options.Workers} workers, {options.Seconds} s measured after {options.WarmupSeconds} s warm-up; {options.Persons} persons; every {Every(options.EnterpriseEvery)} login in enterprise mode; captcha difficulty {options.CaptchaDifficulty}; {(options.SingleClient ? "one client address" : "one client address per worker")} |");
        Line(text, $"| Logins/s, total | {load.LoginsPerSecond:F2} ({load.Succeeded:N0} logins; {load.FailureCount:N0} failed) |");
        Line(text, $"| Logins/s per core | {perCore:F2} |");
        Line(text, $"| Raw hashes/s per core (single thread) | {singleThreadRate:F2} |");
        Line(text, $"| Raw hashes/s, all cores ({cores} threads) | {allCoresRate:F2} |");
        Line(text, $"| Ratio per core (logins/s per core ÷ single-thread hashes/s) | {perCore / singleThreadRate:F3} |");
        Line(text, $"| Ratio all cores (logins/s ÷ all-cores hashes/s) | {load.LoginsPerSecond / allCoresRate:F3} |");
        Line(text, $"| Login latency p50 / p95 / p99 (POST /api/auth/login) | {Percentile(load.LoginMilliseconds, 0.50):F0} / {Percentile(load.LoginMilliseconds, 0.95):F0} / {Percentile(load.LoginMilliseconds, 0.99):F0} ms |");
        Line(text, $"| Cycle latency p50 / p95 / p99 (captcha + solve + login) | {Percentile(load.CycleMilliseconds, 0.50):F0} / {Percentile(load.CycleMilliseconds, 0.95):F0} / {Percentile(load.CycleMilliseconds, 0.99):F0} ms |");
        Line(text, $"| Storage calls per login (X-Storage-Calls) | {load.StorageCallsPerLogin:F2} (personal {load.Personal.StorageCallsPerLogin:F2}, enterprise {load.Enterprise.StorageCallsPerLogin:F2}); captcha {load.CaptchaStorageCallsPerRequest:F2} |");
        Line(text, $"| CPU per login (measured window) | bench process {ownMs:F0} ms, of which PBKDF2 ≈ {hashMs:F0} ms; table service (Azurite) {(load.StorageCpu is null ? "not measured" : string.Create(CultureInfo.InvariantCulture, $"{storageMs:F0} ms"))} |");
        Line(text, $"| Ratio by CPU time (PBKDF2 ÷ all CPU of a login) | {hashMs / (ownMs + storageMs):F3} |");
        Line(text, $"| CPU busy in the window (bench + Azurite) | {(load.ProcessCpu + (load.StorageCpu ?? TimeSpan.Zero)).TotalSeconds / (load.Elapsed.TotalSeconds * cores):P0} of {cores} cores |");
        Line(text, $"| Captcha at the production floor (2^{CaptchaOptions.ProductionFloor} SHA-256 tries as CaptchaService.Solve makes them, one thread) | {captcha.CpuPerSolve.TotalMilliseconds:F0} ms CPU per solve on average ({captcha.TriesPerCpuSecond:N0} tries per CPU second), {captcha.CpuPerSolve / cpuPerHash:F2} × one PBKDF2 hash |");
        var readCpuMs = (reads.ProcessCpu + (reads.StorageCpu ?? TimeSpan.Zero)).TotalMilliseconds / Math.Max(1, reads.Succeeded);
        Line(text, $"| Authenticated reads (GET /api/me, valid tokens) | {reads.ReadsPerSecond:F0}/s total ({reads.Succeeded:N0} reads; {reads.FailureCount:N0} failed), {reads.Workers} workers, same host and run |");
        Line(text, $"| Reads/s per core | {reads.ReadsPerSecond / cores:F0} |");
        Line(text, $"| Reads per login (reads/s ÷ logins/s; target ≥ 50) | {reads.ReadsPerSecond / load.LoginsPerSecond:F1} |");
        Line(text, $"| Read latency p50 / p95 / p99 | {Percentile(reads.Milliseconds, 0.50):F1} / {Percentile(reads.Milliseconds, 0.95):F1} / {Percentile(reads.Milliseconds, 0.99):F1} ms |");
        Line(text, $"| Storage calls per read; CPU per read (bench + Azurite) | {reads.StorageCallsPerRead:F2}; {readCpuMs:F2} ms |");
        Line(text, $"| 1-min load average: start / after logins / end | {string.Join(" / ", loadAverages)} |");
        if (load.FailureCount > 0)
        {
            Line(text);
            Line(text, $"Failures: {string.Join(", ", load.Failures.OrderByDescending(f => f.Value).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} × {f.Value}")))}");
        }

        if (reads.FailureCount > 0)
        {
            Line(text);
            Line(text, $"Read failures: {string.Join(", ", reads.Failures.OrderByDescending(f => f.Value).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} × {f.Value}")))}");
        }

        return text.ToString();
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Every(int n) => n switch
    {
        0 => "no",
        1 => "",
        2 => "2nd",
        3 => "3rd",
        _ => string.Create(CultureInfo.InvariantCulture, $"{n}th"),
    };

    /// <summary>The 1-minute load average (Linux), to see whether something else was running.</summary>
    public static string LoadAverage()
    {
        const string loadAverage = "/proc/loadavg";
        return File.Exists(loadAverage) ? File.ReadAllText(loadAverage).Split(' ')[0] : "n/a";
    }

    private static string Cpu()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return model ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Line(StringBuilder text) => text.Append('\n');
}
