using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaxIdentity.Core.Verification;
using TaxIdentity.TestKit;

namespace TaxIdentity.Bench;

/// <summary>What one kind of login (personal or enterprise mode) did in the measured window.</summary>
public sealed class ModeStats
{
    public long Succeeded { get; set; }
    public long StorageCalls { get; set; }
    public long WithStorageHeader { get; set; }

    public double StorageCallsPerLogin => WithStorageHeader == 0 ? double.NaN : (double)StorageCalls / WithStorageHeader;
}

/// <summary>The result of the measured window.</summary>
public sealed record LoadResult(
    TimeSpan Elapsed,
    long Succeeded,
    IReadOnlyDictionary<string, long> Failures,
    IReadOnlyList<double> LoginMilliseconds,
    IReadOnlyList<double> CycleMilliseconds,
    ModeStats Personal,
    ModeStats Enterprise,
    double CaptchaStorageCallsPerRequest,
    TimeSpan ProcessCpu,
    TimeSpan? StorageCpu)
{
    public double LoginsPerSecond => Succeeded / Elapsed.TotalSeconds;

    public long FailureCount => Failures.Values.Sum();

    public double StorageCallsPerLogin =>
        (double)(Personal.StorageCalls + Enterprise.StorageCalls) / Math.Max(1, Personal.WithStorageHeader + Enterprise.WithStorageHeader);
}

/// <summary>
/// Concurrent login loops, as the login page would drive them: POST /api/captcha, solve it, POST
/// /api/auth/login. Everything completing inside the measured window counts; the warm-up does not.
/// </summary>
public sealed class LoginLoad(HttpClient client, BenchOptions options, IReadOnlyList<TestPerson> persons, BenchEnterprise enterprise)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> failures = new(StringComparer.Ordinal);
    private readonly List<double> loginMilliseconds = [];
    private readonly List<double> cycleMilliseconds = [];
    private readonly ModeStats personal = new();
    private readonly ModeStats enterpriseMode = new();
    private long captchaStorageCalls;
    private long captchaResponses;
    private long succeeded;
    private long sequence;
    private long measureFrom;
    private long measureUntil;

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        measureFrom = Stopwatch.Frequency * options.WarmupSeconds;
        measureUntil = measureFrom + (Stopwatch.Frequency * options.Seconds);
        using var storage = options.StoragePid is { } pid ? Process.GetProcessById(pid) : null;
        CpuSample start = default, end = default;
        var cpuSampler = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);
            start = CpuSample.Take(storage);
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds), cancellationToken);
            end = CpuSample.Take(storage);
        }, cancellationToken);

        var workers = Enumerable.Range(0, options.Workers).Select(worker => Task.Run(() => WorkAsync(worker, clock, cancellationToken), cancellationToken));
        await Task.WhenAll(workers);
        await cpuSampler;

        return new LoadResult(
            TimeSpan.FromSeconds(options.Seconds),
            succeeded,
            failures,
            [.. loginMilliseconds.Order()],
            [.. cycleMilliseconds.Order()],
            personal,
            enterpriseMode,
            captchaResponses == 0 ? double.NaN : (double)captchaStorageCalls / captchaResponses,
            end.Own - start.Own,
            end.Storage - start.Storage);
    }

    /// <summary>CPU time used so far by this process and by the table service's.</summary>
    private readonly record struct CpuSample(TimeSpan Own, TimeSpan? Storage)
    {
        public static CpuSample Take(Process? storage)
        {
            using var own = Process.GetCurrentProcess();
            storage?.Refresh();
            return new CpuSample(own.TotalProcessorTime, storage?.TotalProcessorTime);
        }
    }

    private async Task WorkAsync(int worker, Stopwatch clock, CancellationToken cancellationToken)
    {
        // One client address per worker, as many users behind many addresses would be; --single-client
        // sends them all from the loopback address, so every request takes the same throttle row.
        var forwardedFor = options.SingleClient ? null : string.Create(CultureInfo.InvariantCulture, $"10.{worker / 65536 % 256}.{worker / 256 % 256}.{worker % 256}");
        while (clock.ElapsedTicks < measureUntil)
        {
            var number = Interlocked.Increment(ref sequence);
            var useEnterprise = options.EnterpriseEvery > 0 && number % options.EnterpriseEvery == 0;
            var person = useEnterprise ? enterprise.LegalRepresentative : persons[(int)(number % persons.Count)];
            var body = useEnterprise
                ? new Dictionary<string, object?> { ["mode"] = "enterprise", ["creditCode"] = enterprise.CreditCode, ["account"] = person.IdNumber, ["password"] = Setup.Password }
                : new Dictionary<string, object?> { ["mode"] = "personal", ["account"] = person.Phone, ["password"] = Setup.Password };

            var cycleStart = clock.ElapsedTicks;
            string? failure;
            var loginTicks = 0L;
            int? storageCalls = null;
            int? captchaCalls = null;
            try
            {
                (var captcha, captchaCalls, failure) = await CaptchaAsync(forwardedFor, cancellationToken);
                if (failure is null)
                {
                    body["captcha"] = captcha;
                    var loginStart = clock.ElapsedTicks;
                    (storageCalls, failure) = await LoginAsync(body, forwardedFor, cancellationToken);
                    loginTicks = clock.ElapsedTicks - loginStart;
                }
            }
            catch (HttpRequestException e)
            {
                failure = "exception " + e.GetType().Name + ": " + e.Message;
            }

            var end = clock.ElapsedTicks;
            if (end < measureFrom || end > measureUntil)
            {
                continue;
            }

            lock (gate)
            {
                if (captchaCalls is { } calls)
                {
                    captchaStorageCalls += calls;
                    captchaResponses++;
                }

                if (failure is not null)
                {
                    failures[failure] = failures.GetValueOrDefault(failure) + 1;
                    continue;
                }

                succeeded++;
                loginMilliseconds.Add(loginTicks * 1000.0 / Stopwatch.Frequency);
                cycleMilliseconds.Add((end - cycleStart) * 1000.0 / Stopwatch.Frequency);
                var stats = useEnterprise ? enterpriseMode : personal;
                stats.Succeeded++;
                if (storageCalls is { } count)
                {
                    stats.StorageCalls += count;
                    stats.WithStorageHeader++;
                }
            }
        }
    }

    private async Task<(object? Captcha, int? StorageCalls, string? Failure)> CaptchaAsync(string? forwardedFor, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/captcha", UriKind.Relative));
        AddClient(request, forwardedFor);
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var calls = StorageCallsOf(response);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            return (null, calls, "captcha " + Describe(response, text));
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var challenge = root.GetProperty("challenge");
        var answer = CaptchaService.Solve(challenge.GetProperty("salt").GetString()!, challenge.GetProperty("difficulty").GetInt32());
        return (new { captchaId = root.GetProperty("captchaId").GetString(), answer }, calls, null);
    }

    private async Task<(int? StorageCalls, string? Failure)> LoginAsync(Dictionary<string, object?> body, string? forwardedFor, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/auth/login", UriKind.Relative)) { Content = JsonContent.Create(body) };
        AddClient(request, forwardedFor);
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || !text.Contains("\"accessToken\"", StringComparison.Ordinal))
        {
            return (StorageCallsOf(response), "login " + Describe(response, text));
        }

        return (StorageCallsOf(response), null);
    }

    private static void AddClient(HttpRequestMessage request, string? forwardedFor)
    {
        if (forwardedFor is not null)
        {
            request.Headers.Add(BenchHost.ClientAddressHeader, forwardedFor);
        }
    }

    private static int? StorageCallsOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Storage-Calls", out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var calls)
            ? calls
            : null;

    /// <summary>"401 invalid_credentials": the status and the problem code, so that failures group.</summary>
    private static string Describe(HttpResponseMessage response, string text)
    {
        var code = "no code";
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out var value))
            {
                code = value.GetString() ?? code;
            }
        }
        catch (JsonException)
        {
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {code}");
    }
}
