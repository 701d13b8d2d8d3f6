using System.Globalization;
using TaxIdentity.Core.Passwords;

namespace TaxIdentity.Bench;

/// <summary>The benchmark's command line.</summary>
public sealed record BenchOptions
{
    public const string ConnectionVariable = "BENCH_TABLES_CONNECTION";

    public const string Usage = """
        Usage: TaxIdentity.Bench [options]
          --tables CONNECTION      table connection string (default: $BENCH_TABLES_CONNECTION)
          --seconds N              length of the measured login run and of each raw-hash run (default 15)
          --warmup N               seconds of logins before measuring (default 5)
          --workers N              concurrent login loops (default: 2 x processor count)
          --iterations N           PBKDF2 iterations, for the host and the raw hash (default 210000)
          --persons N              persons registered and logged in round robin (default 20)
          --enterprise-every N     every Nth login is an enterprise-mode login of the legal representative (default 4; 0 = none)
          --captcha-difficulty N   leading zero bits of the login captcha (default 0: measure the hashing, not the client)
          --read-workers N         concurrent GET /api/me loops after the logins (default: 4 x processor count)
          --single-client          send every request from one client address (one hot throttle row) instead of one per worker
          --storage-pid PID        the table service's process (Azurite), to count its CPU time too (bench/run.sh passes it)
          --output PATH            where the Markdown result goes (default: bench/results/latest.md)
        """;

    public required string TablesConnection { get; init; }
    public int Seconds { get; init; } = 15;
    public int WarmupSeconds { get; init; } = 5;
    public int Workers { get; init; } = Environment.ProcessorCount * 2;
    public int ReadWorkers { get; init; } = Environment.ProcessorCount * 4;
    public int Iterations { get; init; } = PasswordHashingOptions.DefaultIterations;
    public int Persons { get; init; } = 20;
    public int EnterpriseEvery { get; init; } = 4;
    public int CaptchaDifficulty { get; init; }
    public bool SingleClient { get; init; }
    public int? StoragePid { get; init; }
    public string? Output { get; init; }

    /// <summary>Parses the arguments; null (after printing why) when they are wrong or help was asked for.</summary>
    public static BenchOptions? Parse(string[] args, TextWriter error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var singleClient = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    error.WriteLine(Usage);
                    return null;
                case "--single-client":
                    singleClient = true;
                    break;
                case "--tables" or "--seconds" or "--warmup" or "--workers" or "--read-workers" or "--iterations" or "--persons"
                    or "--enterprise-every" or "--captcha-difficulty" or "--storage-pid" or "--output" when i + 1 < args.Length:
                    values[args[i]] = args[++i];
                    break;
                default:
                    error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
                    error.WriteLine(Usage);
                    return null;
            }
        }

        var tables = values.GetValueOrDefault("--tables") ?? Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(tables))
        {
            error.WriteLine($"No table connection string: pass --tables or set {ConnectionVariable} (bench/run.sh starts Azurite and does).");
            return null;
        }

        var defaults = new BenchOptions { TablesConnection = tables };
        try
        {
            return defaults with
            {
                Seconds = Number(values, "--seconds", defaults.Seconds, 1, 3600),
                WarmupSeconds = Number(values, "--warmup", defaults.WarmupSeconds, 0, 600),
                Workers = Number(values, "--workers", defaults.Workers, 1, 4096),
                ReadWorkers = Number(values, "--read-workers", defaults.ReadWorkers, 1, 4096),
                Iterations = Number(values, "--iterations", defaults.Iterations, 1_000, 10_000_000),
                Persons = Number(values, "--persons", defaults.Persons, 1, 10_000),
                EnterpriseEvery = Number(values, "--enterprise-every", defaults.EnterpriseEvery, 0, 1_000_000),
                CaptchaDifficulty = Number(values, "--captcha-difficulty", defaults.CaptchaDifficulty, 0, 24),
                SingleClient = singleClient,
                StoragePid = values.ContainsKey("--storage-pid") ? Number(values, "--storage-pid", 0, 1, int.MaxValue) : null,
                Output = values.GetValueOrDefault("--output"),
            };
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }

    private static int Number(Dictionary<string, string> values, string name, int fallback, int min, int max)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}; got '{text}'.", name);
    }
}
