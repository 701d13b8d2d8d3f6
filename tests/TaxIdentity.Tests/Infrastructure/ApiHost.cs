using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaxIdentity.LocalHost;
using TaxIdentity.Tests.Infrastructure.Contract;

namespace TaxIdentity.Tests.Infrastructure;

/// <summary>The local host on a free loopback port, on Azurite, with tables of its own; tests talk to it over real HTTP.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string OperatorKey = "test-operator-key-0123456789";
    public const string AppKey = "test-app-key-0123456789abcdef";

    /// <summary>
    /// The header in which the tests play the platform's front end: the address it "saw" the client at. The local host
    /// takes it for the connection's address (LocalHost:ClientAddressHeader), so every request still comes from loopback.
    /// </summary>
    public const string FrontEndAddressHeader = "X-Test-Client-Address";

    private readonly WebApplication? app;
    private readonly Lazy<Task<ApiContract>> contract;

    private ApiHost(WebApplication? app, Uri address)
    {
        this.app = app;
        Address = address;
        contract = new(() => ApiContract.LoadAsync(address));
        Client = NewClient();
        Operator = NewClient();
        Operator.DefaultRequestHeaders.Add("X-Operator-Key", OperatorKey);
    }

    public Uri Address { get; }

    /// <summary>A client without credentials.</summary>
    public HttpClient Client { get; }

    /// <summary>A client that sends the tax office's key.</summary>
    public HttpClient Operator { get; }

    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("A host in another process has no services here.");

    /// <summary>Clients for a host running in another process (<see cref="LocalHostProcess"/>), for the HTTP helpers.</summary>
    public static ApiHost Remote(Uri address) => new(null, address);

    /// <summary>A client of this host without credentials whose every answer is checked against the document the host serves.</summary>
    /// <summary>The API flows shared with the benchmark, on this host's contract-checked clients.</summary>
    public ApiKit Kit => new(Client, Operator);

    public HttpClient NewClient() => new(new ContractCheckingHandler(() => contract.Value)) { BaseAddress = Address };

    /// <summary>
    /// Starts a host; <c>environment</c> is Development unless a test of environment rules names another;
    /// <c>functions</c> are the assemblies with orchestrator, activity and timer functions (the app's by default).
    /// </summary>
    public static async Task<ApiHost> StartAsync(
        Action<IDictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null, string? environment = null,
        IReadOnlyList<System.Reflection.Assembly>? functions = null)
    {
        var app = await BuildAsync(settings, services, environment, functions);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiHost(app, new Uri(address));
    }

    /// <summary>Starts a host of its own on a fake clock that only moves when the test moves it.</summary>
    public static Task<ApiHost> StartOnClockAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, Action<IDictionary<string, string?>>? settings = null) =>
        StartAsync(settings, services => services.AddSingleton<TimeProvider>(clock));

    /// <summary>Builds without starting, for tests of start-up itself; <c>environment</c> as for <see cref="StartAsync"/>.</summary>
    public static async Task<WebApplication> BuildAsync(
        Action<IDictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null, string? environment = null,
        IReadOnlyList<System.Reflection.Assembly>? functions = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Tables:ConnectionString"] = await Azurite.ConnectionStringAsync(),
            ["Tables:Prefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
            ["Operator:Key"] = OperatorKey,
            ["Diagnostics:StorageCallsHeader"] = "true",
            ["App:Key"] = AppKey,
            ["LocalHost:ClientAddressHeader"] = FrontEndAddressHeader,
            ["Sms:Provider"] = "Development",
            ["Face:Provider"] = environment is null || environment == Environments.Development ? "Development" : "None",
            ["Login:RequestsPerMinutePerClient"] = "100000",
            ["Login:AttemptsPerMinutePerAccount"] = "100000",
            ["Login:QrTicketsPerMinutePerClient"] = "100000",
            ["Captcha:IssuesPerMinutePerClient"] = "100000",

            // Workflows run on the in-memory engine unless a test needs Durable state in Azurite.
            ["LocalHost:DurableEngine"] = "InMemory",

            // Every test client is the one loopback address; the budget's own tests set it low.
            ["Verification:DailyAnonymousSendsPerClient"] = "100000",

            // The suite stays fast with a cheap hash; PasswordHashingTests pins the production default.
            ["Passwords:Iterations"] = "1000",
        };
        if (environment is null || environment == Environments.Development)
        {
            // A cheap proof of work keeps the suite fast; outside Development the production floor applies.
            values["Captcha:Difficulty"] = "2";
        }

        settings?.Invoke(values);
        return LocalFunctionsHost.Build(["--urls", "http://127.0.0.1:0", "--environment", environment ?? Environments.Development], builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            services?.Invoke(builder.Services);
        }, functions);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Operator.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

/// <summary>
/// The host with the default settings, started once and shared by every test class that needs nothing else
/// (each test still owns its data); the classes still run in parallel. Tests that need other settings, a
/// fake clock or other services start a host of their own.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<ApiHost>> Shared = new(() => ApiHost.StartAsync());

    private ApiHost? host;

    public ApiHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => host = await Shared.Value;

    /// <summary>The shared host lives until the test process ends.</summary>
    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// A default host for one test class alone, for tests that count storage calls: on the shared host the
/// per-client counters of other classes' requests contend with theirs, and ETag retries add calls.
/// </summary>
public sealed class OwnApiFixture : IAsyncLifetime
{
    private ApiHost? host;

    public ApiHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => host = await ApiHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
