using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Login;
using TaxIdentity.TestKit;

namespace TaxIdentity.Bench;

/// <summary>The login-log benchmark's command line (bench/run-login-logs.sh passes the tables).</summary>
public sealed record LoginLogBenchOptions
{
    public const string Usage = """
        Usage: TaxIdentity.Bench login-logs [options]
          --tables CONNECTION    table connection string (default: $BENCH_TABLES_CONNECTION)
          --sizes N,M,...        rows in the login log at which to measure, rising (default 10000,100000)
          --enterprises N        enterprises the attempts are spread over, the measured one among them (default 50)
          --queries N            measured first-page queries at each size (default 50)
          --output PATH          where the Markdown result goes (default: bench/results/login-logs-latest.md)
        """;

    public required string Tables { get; init; }
    public IReadOnlyList<int> Sizes { get; init; } = [10_000, 100_000];
    public int Enterprises { get; init; } = 50;
    public int Queries { get; init; } = 50;
    public string? Output { get; init; }

    public static LoginLogBenchOptions? Parse(string[] args, TextWriter error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--tables" or "--sizes" or "--enterprises" or "--queries" or "--output" && i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
                continue;
            }

            error.WriteLine(args[i] is "--help" or "-h" ? Usage : $"Unknown or incomplete argument '{args[i]}'.\n{Usage}");
            return null;
        }

        var tables = values.GetValueOrDefault("--tables") ?? Environment.GetEnvironmentVariable(BenchOptions.ConnectionVariable);
        if (string.IsNullOrWhiteSpace(tables))
        {
            error.WriteLine($"Pass --tables or set {BenchOptions.ConnectionVariable} (bench/run-login-logs.sh starts Azurite and does).");
            return null;
        }

        try
        {
            var sizes = values.TryGetValue("--sizes", out var list)
                ? list.Split(',').Select(size => Number("--sizes", size, 1_000, 10_000_000)).ToList()
                : [10_000, 100_000];
            if (!sizes.SequenceEqual(sizes.Order()))
            {
                throw new ArgumentException("--sizes must rise.");
            }

            return new LoginLogBenchOptions
            {
                Tables = tables,
                Sizes = sizes,
                Enterprises = values.TryGetValue("--enterprises", out var enterprises) ? Number("--enterprises", enterprises, 2, 100_000) : 50,
                Queries = values.TryGetValue("--queries", out var queries) ? Number("--queries", queries, 1, 100_000) : 50,
                Output = values.GetValueOrDefault("--output"),
            };
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }

    private static int Number(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} takes whole numbers from {min} to {max}; got '{text}'.", name);
}

/// <summary>
/// I1 at growing table sizes: fills the login log (two rows an attempt, under the enterprise and the person, as the
/// platform writes them) over many enterprises and persons, spread over the last two months, and measures one
/// enterprise's last-month query (the page a manager first sees, and every page of the month) at each size: time, storage
/// calls and entities read (X-Storage-Calls, X-Storage-Entities). A single-partition range query reads the same at any size.
/// </summary>
public static class LoginLogBench
{
    private const int PageSize = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoginLogBenchOptions.Parse(args, Console.Error);
        if (options is null)
        {
            return 2;
        }

        var measurements = new List<SizeMeasurement>();
        var loadBefore = Report.LoadAverage();
        await using (var host = await BenchHost.StartAsync(new BenchOptions { TablesConnection = options.Tables, Iterations = 1_000 }))
        {
            using var client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(2) };
            using var operatorClient = new HttpClient { BaseAddress = host.Address };
            operatorClient.DefaultRequestHeaders.Add("X-Operator-Key", BenchHost.OperatorKey);
            var kit = Setup.Kit(client, operatorClient);
            var manager = (await Setup.RegisterAsync(kit, 1, CancellationToken.None))[0];
            var enterprise = await Setup.ProvisionEnterpriseAsync(kit, manager, CancellationToken.None);
            var table = await host.Services.GetRequiredService<TableStore>().GetTableAsync(TableNames.LoginLogs);
            var filled = 0L;
            var enterprises = new[] { enterprise.EnterpriseId }.Concat(Enumerable.Range(1, options.Enterprises - 1).Select(_ => Guid.NewGuid().ToString("N"))).ToArray();
            foreach (var size in options.Sizes)
            {
                var clock = Stopwatch.StartNew();
                var rows = await FillAsync(table, enterprises, size - filled);
                filled += rows;
                Console.WriteLine($"Filled the login log to {size:N0} rows ({rows:N0} written in {clock.Elapsed.TotalSeconds:F1} s); querying...");
                var token = await LoginAsync(kit, manager, enterprise.CreditCode);
                measurements.Add(await MeasureAsync(client, token, size, options.Queries));
            }
        }

        var markdown = Markdown(options, measurements, loadBefore, Report.LoadAverage(), DateTimeOffset.UtcNow);
        Console.WriteLine();
        Console.WriteLine(markdown);
        var output = options.Output ?? Path.Combine(RepositoryRoot(), "bench", "results", "login-logs-latest.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, markdown);
        Console.WriteLine($"Written to {output}.");
        var first = measurements[0];
        return measurements.All(m => m.FirstPageCalls == first.FirstPageCalls && m.FirstPageEntities == first.FirstPageEntities) ? 0 : 1;
    }

    /// <summary>What one size measured: the first page's latencies, calls and entities; the whole month's pages.</summary>
    private sealed record SizeMeasurement(
        int Rows, List<double> FirstPageMs, double FirstPageCalls, double FirstPageEntities, int MonthPages, int MonthItems, int MonthCalls, int MonthEntities, double MonthMs,
        List<double> NearlyEmptyMs);

    /// <summary>
    /// Writes <paramref name="rows"/> rows (half as many attempts, each under its enterprise and its person) spread over
    /// the enterprises evenly and over the last 60 days, in transactions of 100 rows of one partition, 8 at a time.
    /// </summary>
    private static async Task<long> FillAsync(TableClient table, string[] enterprises, long rows)
    {
        var attempts = (int)(rows / 2);
        var now = DateTimeOffset.UtcNow;
        var entities = new List<LoginLogEntity>(attempts * 2);
        for (var n = 0; n < attempts; n++)
        {
            var enterpriseId = enterprises[n % enterprises.Length];
            var personId = "p" + (n % 5_000).ToString("D6", CultureInfo.InvariantCulture) + enterpriseId[..8];
            var at = now.AddSeconds(-Random.Shared.Next(1, 60 * 24 * 3600));
            var row = LoginLogEntity.RowFor(at) + "|" + Guid.NewGuid().ToString("N")[..12];
            foreach (var partition in new[] { LoginLogEntity.EnterprisePartition(enterpriseId), LoginLogEntity.PersonPartition(personId) })
            {
                entities.Add(new LoginLogEntity
                {
                    PartitionKey = partition,
                    RowKey = row,
                    At = at,
                    LoginType = "enterprise",
                    Method = n % 7 == 0 ? "sms" : "password",
                    PersonId = personId,
                    PersonName = "基准" + (n % 5_000).ToString(CultureInfo.InvariantCulture),
                    EnterpriseId = enterpriseId,
                    IdentityType = n % 3 == 0 ? "taxClerk" : "legalRepresentative",
                    Outcome = n % 11 == 0 ? "failure" : "success",
                    Ip = "198.51." + (n % 250).ToString(CultureInfo.InvariantCulture) + "." + (n % 199).ToString(CultureInfo.InvariantCulture),
                    UserAgent = "TaxBench/1.0",
                });
            }
        }

        var batches = entities.GroupBy(entity => entity.PartitionKey).SelectMany(partition => partition.Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, cancellationToken) =>
            await table.SubmitTransactionAsync(batch.Select(entity => new TableTransactionAction(TableTransactionActionType.Add, entity)), cancellationToken));
        return entities.Count;
    }

    private static async Task<SizeMeasurement> MeasureAsync(HttpClient client, string token, int rows, int queries)
    {
        // A few unmeasured queries first (JIT, connections, the table client).
        for (var i = 0; i < 3; i++)
        {
            await PageAsync(client, token, null);
        }

        var latencies = new List<double>();
        var calls = new List<int>();
        var entities = new List<int>();
        for (var i = 0; i < queries; i++)
        {
            var page = await PageAsync(client, token, null);
            latencies.Add(page.Ms);
            calls.Add(page.Calls);
            entities.Add(page.Entities);
        }

        // The whole last month, page by page, as a manager paging to the end would.
        var (pages, items, monthCalls, monthEntities) = (0, 0, 0, 0);
        var clock = Stopwatch.StartNew();
        string? continuation = null;
        do
        {
            var page = await PageAsync(client, token, continuation);
            (pages, items, monthCalls, monthEntities) = (pages + 1, items + page.Items, monthCalls + page.Calls, monthEntities + page.Entities);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        // Control: the same kind of query of a partition that holds only the manager's own few logins (I2).
        var control = new List<double>();
        for (var i = 0; i < queries; i++)
        {
            control.Add((await PageAsync(client, token, null, "/api/me/login-logs")).Ms);
        }

        latencies.Sort();
        control.Sort();
        return new SizeMeasurement(rows, latencies, calls.Average(), entities.Average(), pages, items, monthCalls, monthEntities, clock.Elapsed.TotalMilliseconds, control);
    }

    private static async Task<(double Ms, int Calls, int Entities, int Items, string? Continuation)> PageAsync(
        HttpClient client, string token, string? continuation, string path = "/api/enterprise/login-logs")
    {
        var route = $"{path}?pageSize={PageSize}" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation));
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        var body = await ApiKit.ExpectAsync(response, HttpStatusCode.OK);
        var ms = clock.Elapsed.TotalMilliseconds;
        return (
            ms,
            Header(response, "X-Storage-Calls"),
            Header(response, "X-Storage-Entities"),
            body.GetProperty("items").GetArrayLength(),
            body.TryGetProperty("continuation", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null);
    }

    private static int Header(HttpResponseMessage response, string name) => int.Parse(response.Headers.GetValues(name).Single(), CultureInfo.InvariantCulture);

    private static async Task<string> LoginAsync(ApiKit kit, TestPerson person, string creditCode)
    {
        using var response = await kit.LoginAsync(new Dictionary<string, object?>
        {
            ["mode"] = "enterprise",
            ["creditCode"] = creditCode,
            ["account"] = person.Phone,
            ["password"] = person.Password,
        });
        return (await ApiKit.ExpectAsync(response, HttpStatusCode.OK)).GetProperty("accessToken").GetString()!;
    }

    private static string Markdown(LoginLogBenchOptions options, IReadOnlyList<SizeMeasurement> sizes, string loadBefore, string loadAfter, DateTimeOffset when)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Line($"## Login-log query benchmark, {when:yyyy-MM-dd HH:mm} UTC");
        Line($"");
        Line($"Machine: {Environment.ProcessorCount} logical cores; {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}; Azurite (in memory). ");
        Line($"Load: the login log filled with rows over {options.Enterprises} enterprises (one of them measured), each attempt under its enterprise and its person, spread over the last 60 days; ");
        Line($"`GET /api/enterprise/login-logs?pageSize={PageSize}` (the last 30 days, newest first) by the enterprise's legal representative, {options.Queries} times at each size, then every page of the month. ");
        Line($"Calls and entities include the caller's three reads (session, person, identity); the manager's own logins add two rows each to the sizes. 1-min load average: {loadBefore} → {loadAfter}.");
        Line($"");
        Line($"| Rows in all | First page p50 / p95 | Storage calls | Entities read | Whole month: pages, entries | Whole month: calls, entities, time | Control: a nearly empty partition, p50 |");
        Line($"|---|---|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            Line($"| {size.Rows:N0} | {Report.Percentile(size.FirstPageMs, 0.5):F1} / {Report.Percentile(size.FirstPageMs, 0.95):F1} ms | {size.FirstPageCalls:F1} | {size.FirstPageEntities:F1} | {size.MonthPages}, {size.MonthItems} | {size.MonthCalls}, {size.MonthEntities}, {size.MonthMs:F0} ms | {Report.Percentile(size.NearlyEmptyMs, 0.5):F1} ms |");
        }

        if (sizes.Count >= 2)
        {
            var (small, large) = (sizes[0], sizes[^1]);
            Line($"");
            Line($"Ratio {large.Rows:N0} / {small.Rows:N0} rows: first page p50 {Report.Percentile(large.FirstPageMs, 0.5) / Report.Percentile(small.FirstPageMs, 0.5):F2}×, storage calls {large.FirstPageCalls / small.FirstPageCalls:F2}×, entities read {large.FirstPageEntities / small.FirstPageEntities:F2}×;");
            Line($"the control's p50 {Report.Percentile(large.NearlyEmptyMs, 0.5) / Report.Percentile(small.NearlyEmptyMs, 0.5):F2}× (what the table service's own handling of a bigger table costs).");
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
