using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TaxIdentity.TestKit;

namespace TaxIdentity.Bench;

/// <summary>The authenticated reads of the measured window.</summary>
public sealed record ReadResult(
    TimeSpan Elapsed,
    int Workers,
    long Succeeded,
    IReadOnlyDictionary<string, long> Failures,
    IReadOnlyList<double> Milliseconds,
    double StorageCallsPerRead,
    TimeSpan ProcessCpu,
    TimeSpan? StorageCpu)
{
    public double ReadsPerSecond => Succeeded / Elapsed.TotalSeconds;

    public long FailureCount => Failures.Values.Sum();
}

/// <summary>
/// GET /api/me with valid access tokens (one personal session per registered person, signed in before the window),
/// from concurrent loops at full load; in the same run and on the same host as the login load, so the two rates
/// compare (issue 10: at least 50 reads per login; Keycloak's sizing guide puts refreshes at 8 per login).
/// </summary>
public sealed class ReadLoad(HttpClient client, BenchOptions options, IReadOnlyList<string> accessTokens)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> failures = new(StringComparer.Ordinal);
    private readonly List<double> milliseconds = [];
    private long succeeded;
    private long storageCalls;
    private long withStorageHeader;
    private long measureFrom;
    private long measureUntil;

    /// <summary>Signs each person in (personal mode, through the captcha as the page does) and returns the access tokens.</summary>
    public static async Task<IReadOnlyList<string>> SignInAsync(ApiKit kit, IReadOnlyList<TestPerson> persons, CancellationToken cancellationToken)
    {
        var tokens = new List<string>(persons.Count);
        foreach (var person in persons)
        {
            using var response = await kit.LoginAsync(new Dictionary<string, object?> { ["mode"] = "personal", ["account"] = person.Phone, ["password"] = Setup.Password }, cancellationToken);
            var session = await ApiKit.ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
            tokens.Add(session.GetProperty("accessToken").GetString()!);
        }

        return tokens;
    }

    public async Task<ReadResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var warmup = Math.Min(options.WarmupSeconds, 3);
        measureFrom = Stopwatch.Frequency * warmup;
        measureUntil = measureFrom + (Stopwatch.Frequency * options.Seconds);
        using var storage = options.StoragePid is { } pid ? Process.GetProcessById(pid) : null;
        (TimeSpan Own, TimeSpan? Storage) start = default, end = default;
        var cpuSampler = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(warmup), cancellationToken);
            start = Cpu(storage);
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds), cancellationToken);
            end = Cpu(storage);
        }, cancellationToken);

        await Task.WhenAll(Enumerable.Range(0, options.ReadWorkers).Select(worker => Task.Run(() => WorkAsync(worker, clock, cancellationToken), cancellationToken)));
        await cpuSampler;
        return new ReadResult(
            TimeSpan.FromSeconds(options.Seconds),
            options.ReadWorkers,
            succeeded,
            failures,
            [.. milliseconds.Order()],
            withStorageHeader == 0 ? double.NaN : (double)storageCalls / withStorageHeader,
            end.Own - start.Own,
            end.Storage - start.Storage);
    }

    private static (TimeSpan Own, TimeSpan? Storage) Cpu(Process? storage)
    {
        using var own = Process.GetCurrentProcess();
        storage?.Refresh();
        return (own.TotalProcessorTime, storage?.TotalProcessorTime);
    }

    private async Task WorkAsync(int worker, Stopwatch clock, CancellationToken cancellationToken)
    {
        var token = accessTokens[worker % accessTokens.Count];
        while (clock.ElapsedTicks < measureUntil)
        {
            var begin = clock.ElapsedTicks;
            string? failure = null;
            int? calls = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/me", UriKind.Relative));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await client.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                calls = response.Headers.TryGetValues("X-Storage-Calls", out var values)
                    && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : null;
                if (response.StatusCode != HttpStatusCode.OK || !IsPerson(text))
                {
                    failure = string.Create(CultureInfo.InvariantCulture, $"GET /api/me {(int)response.StatusCode}");
                }
            }
            catch (HttpRequestException e)
            {
                failure = "exception " + e.GetType().Name + ": " + e.Message;
            }

            var finished = clock.ElapsedTicks;
            if (finished < measureFrom || finished > measureUntil)
            {
                continue;
            }

            lock (gate)
            {
                if (failure is not null)
                {
                    failures[failure] = failures.GetValueOrDefault(failure) + 1;
                    continue;
                }

                succeeded++;
                milliseconds.Add((finished - begin) * 1000.0 / Stopwatch.Frequency);
                if (calls is { } count)
                {
                    storageCalls += count;
                    withStorageHeader++;
                }
            }
        }
    }

    private static bool IsPerson(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.TryGetProperty("personId", out _);
    }
}
