using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaxIdentity.LocalHost;

namespace TaxIdentity.Bench;

/// <summary>The local host in this process, on a free loopback port, on the given tables with a prefix of its own.</summary>
public sealed class BenchHost : IAsyncDisposable
{
    public const string OperatorKey = "bench-operator-key-0123456789";
    public const string AppKey = "bench-app-key-0123456789abcdef";

    /// <summary>Where the load generator names the client address the platform's front end would have seen (LocalHost:ClientAddressHeader).</summary>
    public const string ClientAddressHeader = "X-Bench-Client-Address";

    private readonly WebApplication app;

    private BenchHost(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The host's services, for a scenario that fills its tables directly (the login-log benchmark).</summary>
    public IServiceProvider Services => app.Services;

    /// <param name="options">The benchmark's options.</param>
    /// <param name="overrides">Settings a scenario changes (the delegation benchmark's Durable engine).</param>
    public static async Task<BenchHost> StartAsync(BenchOptions options, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Tables:ConnectionString"] = options.TablesConnection,
            ["Tables:Prefix"] = "b" + Guid.NewGuid().ToString("N")[..12],
            ["Operator:Key"] = OperatorKey,
            ["App:Key"] = AppKey,
            ["Sms:Provider"] = "Development",
            ["Captcha:Difficulty"] = options.CaptchaDifficulty.ToString(CultureInfo.InvariantCulture),

            // The per-client throttle is not what is measured; its storage round trip still is.
            ["Login:RequestsPerMinutePerClient"] = "100000",
            ["Login:AttemptsPerMinutePerAccount"] = "100000",
            ["Captcha:IssuesPerMinutePerClient"] = "100000",

            // Setup registers every person from this one address.
            ["Verification:DailyAnonymousSendsPerClient"] = "100000",
            ["Diagnostics:StorageCallsHeader"] = "true",
            ["Passwords:Iterations"] = options.Iterations.ToString(CultureInfo.InvariantCulture),

            // The login benchmark runs no workflow and its Azurite serves tables only.
            ["LocalHost:DurableEngine"] = "InMemory",

            // The load generator plays the platform's front end: the address it "saw" each worker at.
            ["LocalHost:ClientAddressHeader"] = ClientAddressHeader,
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        var app = LocalFunctionsHost.Build(["--urls", "http://127.0.0.1:0", "--environment", Environments.Development], builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        try
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new BenchHost(app, new Uri(address));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
