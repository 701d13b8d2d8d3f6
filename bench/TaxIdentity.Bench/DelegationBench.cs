using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using TaxIdentity.TestKit;

namespace TaxIdentity.Bench;

/// <summary>The delegation benchmark's command line (bench/run-delegation.sh passes the storage).</summary>
public sealed record DelegationBenchOptions
{
    public const string ConnectionVariable = "BENCH_STORAGE_CONNECTION";

    public const string Usage = """
        Usage: TaxIdentity.Bench delegation [options]
          --storage CONNECTION   storage connection string with blob, queue and table endpoints (default: $BENCH_STORAGE_CONNECTION)
          --engine NAME          Durable engine: AzureStorage (default; workflow state in the storage) or InMemory
          --invitations N        invitations created and confirmed (default 120)
          --workers N            concurrent loops, each for an enterprise of its own (default 4)
          --output PATH          where the Markdown result goes (default: bench/results/delegation-latest.md)
        """;

    public required string Storage { get; init; }
    public string Engine { get; init; } = "AzureStorage";
    public int Invitations { get; init; } = 120;
    public int Workers { get; init; } = 4;
    public string? Output { get; init; }

    public static DelegationBenchOptions? Parse(string[] args, TextWriter error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--storage" or "--engine" or "--invitations" or "--workers" or "--output" && i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
                continue;
            }

            error.WriteLine(args[i] is "--help" or "-h" ? Usage : $"Unknown or incomplete argument '{args[i]}'.\n{Usage}");
            return null;
        }

        var storage = values.GetValueOrDefault("--storage") ?? Environment.GetEnvironmentVariable(ConnectionVariable);
        var engine = values.GetValueOrDefault("--engine") ?? "AzureStorage";
        if (string.IsNullOrWhiteSpace(storage) || engine is not ("AzureStorage" or "InMemory"))
        {
            error.WriteLine($"Pass --storage (or set {ConnectionVariable}; bench/run-delegation.sh starts Azurite) and --engine AzureStorage or InMemory.");
            return null;
        }

        return new DelegationBenchOptions
        {
            Storage = storage,
            Engine = engine,
            Invitations = Number(values, "--invitations", 120),
            Workers = Number(values, "--workers", 4),
            Output = values.GetValueOrDefault("--output"),
        };
    }

    private static int Number(Dictionary<string, string> values, string name, int fallback) =>
        !values.TryGetValue(name, out var text) ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 100_000 ? value
        : throw new ArgumentException($"{name} must be a whole number from 1 to 100000; got '{text}'.", name);
}

/// <summary>
/// Invitations created and confirmed per second end to end (D1, D3), and the time from the answer to the handler
/// appearing in the enterprise's list: the local host in this process, its workflows on the chosen Durable engine.
/// </summary>
public static class DelegationBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        DelegationBenchOptions? options;
        try
        {
            options = DelegationBenchOptions.Parse(args, Console.Error);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        if (options is null)
        {
            return 2;
        }

        var loadBefore = Report.LoadAverage();
        var hostOptions = new BenchOptions { TablesConnection = options.Storage, Iterations = 1_000, CaptchaDifficulty = 0 };
        var overrides = new Dictionary<string, string?>
        {
            ["LocalHost:DurableEngine"] = options.Engine,
            ["AzureWebJobsStorage"] = options.Storage,
            ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = "bench" + Guid.NewGuid().ToString("N")[..8],
        };
        Console.WriteLine($"Starting the local host (Durable engine {options.Engine})...");
        DelegationLoad load;
        await using (var host = await BenchHost.StartAsync(hostOptions, overrides))
        {
            using var handler = new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            using var client = new HttpClient(handler) { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(2) };
            using var operatorClient = new HttpClient { BaseAddress = host.Address };
            operatorClient.DefaultRequestHeaders.Add("X-Operator-Key", BenchHost.OperatorKey);
            var kit = Setup.Kit(client, operatorClient);
            var clock = Stopwatch.StartNew();
            var managers = new List<(BenchEnterprise Enterprise, string Token)>();
            foreach (var legalRepresentative in await Setup.RegisterAsync(kit, options.Workers, CancellationToken.None))
            {
                var enterprise = await Setup.ProvisionEnterpriseAsync(kit, legalRepresentative, CancellationToken.None);
                managers.Add((enterprise, await LoginAsync(kit, legalRepresentative, enterprise.CreditCode)));
            }

            var invitees = new List<(TestPerson Person, string Token)>();
            foreach (var person in await Setup.RegisterAsync(kit, options.Invitations, CancellationToken.None))
            {
                invitees.Add((person, await LoginAsync(kit, person, creditCode: null)));
            }

            Console.WriteLine($"Set up {options.Workers} enterprises and {invitees.Count} invitees in {clock.Elapsed.TotalSeconds:F1} s; inviting and confirming...");
            load = await DelegationLoad.RunAsync(client, managers, invitees);
        }

        var markdown = Markdown(options, load, loadBefore, Report.LoadAverage(), DateTimeOffset.UtcNow);
        Console.WriteLine();
        Console.WriteLine(markdown);
        var output = options.Output ?? Path.Combine(RepositoryRoot(), "bench", "results", "delegation-latest.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, markdown);
        Console.WriteLine($"Written to {output}.");
        return load.Failures.IsEmpty ? 0 : 1;
    }

    private static async Task<string> LoginAsync(ApiKit kit, TestPerson person, string? creditCode)
    {
        using var response = await kit.LoginAsync(new Dictionary<string, object?>
        {
            ["mode"] = creditCode is null ? "personal" : "enterprise",
            ["creditCode"] = creditCode,
            ["account"] = person.Phone,
            ["password"] = person.Password,
        });
        return (await ApiKit.ExpectAsync(response, HttpStatusCode.OK)).GetProperty("accessToken").GetString()!;
    }

    private static string Markdown(DelegationBenchOptions options, DelegationLoad load, string loadBefore, string loadAfter, DateTimeOffset when)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
        string Ms(IReadOnlyList<double> values) =>
            string.Create(CultureInfo.InvariantCulture, $"{Report.Percentile(values, 0.50):F0} / {Report.Percentile(values, 0.95):F0} ms");
        Line($"## Delegation benchmark, {when:yyyy-MM-dd HH:mm} UTC");
        Line($"");
        Line($"| Metric | Value |");
        Line($"|---|---|");
        Line($"| Machine | {Environment.ProcessorCount} logical cores; {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription} |");
        Line($"| Durable engine | {options.Engine} (workflow state {(options.Engine == "AzureStorage" ? "in Azurite's blobs, queues and tables" : "in memory")}) |");
        Line($"| Load | {options.Workers} workers, each inviting into an enterprise of its own; {options.Invitations} invitations, each confirmed by its invitee |");
        Line($"| Invitations created and confirmed per second, end to end | {load.PerSecond:F2} ({load.Created.Count} cycles in {load.Elapsed.TotalSeconds:F1} s; {load.Failures.Count} failed) |");
        Line($"| Answer to handler in the list, p50 / p95 (confirm sent → handler in GET /api/enterprise/handlers) | {Ms(load.Visible)} |");
        Line($"| POST /api/enterprise/invitations, p50 / p95 | {Ms(load.Created)} |");
        Line($"| POST /api/me/authorizations/{{id}}/confirm (decided and applied at the row), p50 / p95 | {Ms(load.Confirmed)} |");
        Line($"| Storage calls (X-Storage-Calls): invitation / confirmation | {load.CreateCalls:F1} / {load.ConfirmCalls:F1} |");
        Line($"| 1-min load average: start / end | {loadBefore} / {loadAfter} |");
        if (!load.Failures.IsEmpty)
        {
            Line($"");
            Line($"Failures: {string.Join(", ", load.Failures.Take(10))}");
        }

        return text.ToString();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}

/// <summary>What one delegation load run measured (milliseconds sorted ascending).</summary>
public sealed class DelegationLoad
{
    private static readonly string[] Functions = ["declarationPayment", "invoiceUse", "queries"];

    private readonly ConcurrentBag<(double Create, double Confirm, double Visible, int CreateCalls, int ConfirmCalls)> cycles = [];

    public ConcurrentBag<string> Failures { get; } = [];

    public TimeSpan Elapsed { get; private set; }

    public IReadOnlyList<double> Created => [.. cycles.Select(cycle => cycle.Create).Order()];

    public IReadOnlyList<double> Confirmed => [.. cycles.Select(cycle => cycle.Confirm).Order()];

    public IReadOnlyList<double> Visible => [.. cycles.Select(cycle => cycle.Visible).Order()];

    public double PerSecond => cycles.Count / Elapsed.TotalSeconds;

    public double CreateCalls => cycles.IsEmpty ? 0 : cycles.Average(cycle => cycle.CreateCalls);

    public double ConfirmCalls => cycles.IsEmpty ? 0 : cycles.Average(cycle => cycle.ConfirmCalls);

    /// <summary>Each worker invites the next invitee into its enterprise, the invitee confirms, the worker polls the list until the handler shows.</summary>
    public static async Task<DelegationLoad> RunAsync(
        HttpClient client, IReadOnlyList<(BenchEnterprise Enterprise, string Token)> managers, IReadOnlyList<(TestPerson Person, string Token)> invitees)
    {
        var load = new DelegationLoad();
        var queue = new ConcurrentQueue<(TestPerson Person, string Token)>(invitees);
        var validUntil = DateTime.UtcNow.AddHours(8).AddDays(365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(managers.Select(manager => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var invitee))
            {
                try
                {
                    await load.CycleAsync(client, manager.Token, invitee.Person, invitee.Token, validUntil);
                }
                catch (Exception e) when (e is InvalidOperationException or UnexpectedAnswerException or HttpRequestException or TaskCanceledException)
                {
                    load.Failures.Add(e.Message);
                }
            }
        })));
        load.Elapsed = clock.Elapsed;
        return load;
    }

    private async Task CycleAsync(HttpClient client, string managerToken, TestPerson person, string inviteeToken, string validUntil)
    {
        var clock = Stopwatch.StartNew();
        using var created = await SendAsync(client, HttpMethod.Post, "/api/enterprise/invitations", managerToken, new
        {
            name = person.Name,
            idType = "residentIdCard",
            idNumber = person.IdNumber,
            identityType = "taxClerk",
            functions = Functions,
            validUntil,
            riskAcknowledged = true,
        });
        var invitationId = (await ApiKit.ExpectAsync(created, HttpStatusCode.Created)).GetProperty("invitationId").GetString()!;
        var create = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        using var confirmed = await SendAsync(client, HttpMethod.Post, $"/api/me/authorizations/{invitationId}/confirm", inviteeToken, null);
        if (confirmed.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"confirm answered {(int)confirmed.StatusCode}");
        }

        var confirm = clock.Elapsed.TotalMilliseconds;
        var handlerId = "taxClerk-" + person.PersonId;
        while (true)
        {
            using var list = await SendAsync(client, HttpMethod.Get, "/api/enterprise/handlers?identityType=taxClerk", managerToken, null);
            var handlers = await ApiKit.ExpectAsync(list, HttpStatusCode.OK);
            if (handlers.EnumerateArray().Any(handler => handler.GetProperty("handlerId").GetString() == handlerId))
            {
                break;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException("the handler did not appear within a minute");
            }

            await Task.Delay(20);
        }

        cycles.Add((create, confirm, clock.Elapsed.TotalMilliseconds, StorageCallsOf(created), StorageCallsOf(confirmed)));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string route, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(route, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await client.SendAsync(request);
    }

    private static int StorageCallsOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Storage-Calls", out var values) && int.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var calls) ? calls : 0;
}
