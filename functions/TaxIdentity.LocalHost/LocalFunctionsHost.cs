using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask.Testing;
using TaxIdentity.Functions;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.LocalHost;

/// <summary>Builds the local host: the same services as the Functions worker, the same routes, the same workflows.</summary>
public static class LocalFunctionsHost
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <param name="args">Command line; <c>--settings path</c> names a local.settings.json whose Values become configuration.</param>
    /// <param name="configure">Lets tests replace settings and services before the host is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var settings = LocalSettingsConfiguration.Read(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = settings.GetValueOrDefault(LocalSettingsConfiguration.EnvironmentSetting)
                ?? Environment.GetEnvironmentVariable(LocalSettingsConfiguration.EnvironmentSetting),
        });
        builder.Configuration.AddLocalSettings(settings, args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddTaxIdentityFunctions(builder.Configuration);
        builder.Services.AddHostedService<OutboxSweepService>();
        builder.Services.AddInMemoryDurableTask(
            registry => DurableFunctionRegistration.Register(registry, typeof(FunctionsServices).Assembly),
            new InMemoryDurableTaskOptions { Port = FreeLoopbackPort() });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapHttpFunctions(HttpFunctionCatalog.All);
        return app;
    }

    /// <summary>
    /// A port the OS just handed out, for the in-memory durable sidecar. Its default, a random port in
    /// 30000-40000, collides with other hosts and with outgoing connections when several hosts run at once.
    /// </summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
