using System.Diagnostics;
using TaxIdentity.Bench;

if (args is ["delegation", ..])
{
    return await DelegationBench.RunAsync(args[1..]);
}

if (args is ["login-logs", ..])
{
    return await LoginLogBench.RunAsync(args[1..]);
}

var options = BenchOptions.Parse(args, Console.Error);
if (options is null)
{
    return 2;
}

var loadAverages = new List<string> { Report.LoadAverage() };
Console.WriteLine($"Starting the local host ({options.Iterations:N0} PBKDF2 iterations, captcha difficulty {options.CaptchaDifficulty})...");
LoadResult load;
ReadResult reads;
await using (var host = await BenchHost.StartAsync(options))
{
    using var handler = new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
    using var client = new HttpClient(handler) { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(2) };
    using var operatorClient = new HttpClient { BaseAddress = host.Address };
    operatorClient.DefaultRequestHeaders.Add("X-Operator-Key", BenchHost.OperatorKey);
    var kit = Setup.Kit(client, operatorClient);

    var clock = Stopwatch.StartNew();
    var persons = await Setup.RegisterAsync(kit, options.Persons, CancellationToken.None);
    var enterprise = await Setup.ProvisionEnterpriseAsync(kit, persons[0], CancellationToken.None);
    Console.WriteLine($"Registered {persons.Count} persons and provisioned enterprise {enterprise.CreditCode} in {clock.Elapsed.TotalSeconds:F1} s.");

    Console.WriteLine($"Logging in: {options.Workers} workers, {options.WarmupSeconds} s warm-up, {options.Seconds} s measured...");
    load = await new LoginLoad(client, options, persons, enterprise).RunAsync(CancellationToken.None);

    var tokens = await ReadLoad.SignInAsync(kit, persons, CancellationToken.None);
    Console.WriteLine($"Reading GET /api/me: {options.ReadWorkers} workers, {options.Seconds} s measured...");
    reads = await new ReadLoad(client, options, tokens).RunAsync(CancellationToken.None);
}

loadAverages.Add(Report.LoadAverage());

// After the host is gone and the process has gone quiet (shutdown, GC and background JIT keep a core busy
// for a few seconds), so that nothing else in the process competes for the cores.
await Quiet.WaitAsync(TimeSpan.FromSeconds(15));
var duration = TimeSpan.FromSeconds(options.Seconds);
Console.WriteLine($"Raw PBKDF2: one thread, then {Environment.ProcessorCount} threads, {options.Seconds} s each...");
var single = RawHashRate.Measure(Setup.Password, options.Iterations, 1, duration);
var all = RawHashRate.Measure(Setup.Password, options.Iterations, Environment.ProcessorCount, duration);
Console.WriteLine("Captcha cost at the production floor: SHA-256 tries on one thread...");
var captcha = CaptchaCost.Measure(TimeSpan.FromSeconds(Math.Min(options.Seconds, 5)));

loadAverages.Add(Report.LoadAverage());

var markdown = Report.Markdown(options, load, reads, single.PerSecond, all.PerSecond, single.CpuPerHash, captcha, loadAverages, DateTimeOffset.UtcNow);
Console.WriteLine();
Console.WriteLine(markdown);

var output = options.Output ?? Path.Combine(RepositoryRoot(), "bench", "results", "latest.md");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, markdown);
Console.WriteLine($"Written to {output}.");
return load.FailureCount == 0 && reads.FailureCount == 0 ? 0 : 1;

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? Directory.GetCurrentDirectory();
}
