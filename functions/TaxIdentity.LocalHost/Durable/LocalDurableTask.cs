using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.Options;

namespace TaxIdentity.LocalHost.Durable;

/// <summary>
/// Runs the app's orchestrator and activity classes on a Durable Task engine: the Azure Storage backend
/// (state in AzureWebJobsStorage, as under Core Tools and in Azure) or, for fast tests, the in-memory one.
/// </summary>
public static class LocalDurableTask
{
    public static IServiceCollection AddLocalDurableTask(
        this IServiceCollection services, IConfiguration configuration, HostJson hostJson, IReadOnlyList<Assembly> functions)
    {
        var options = configuration.GetSection(LocalHostOptions.Section).Get<LocalHostOptions>() ?? new LocalHostOptions();
        var sidecar = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        if (options.DurableEngine == DurableEngine.InMemory)
        {
            services.AddInMemoryDurableTask(_ => { }, new InMemoryDurableTaskOptions { Port = sidecar.Port });
        }
        else
        {
            var hub = DurableHub.From(configuration, hostJson);
            services.AddSingleton(provider => AzureStorageSidecar.CreateService(hub, options, provider.GetRequiredService<ILoggerFactory>()));

            // Registered before the worker, so it starts first and stops last.
            services.AddHostedService(provider => new AzureStorageSidecar(
                provider.GetRequiredService<DurableTask.AzureStorage.AzureStorageOrchestrationService>(), sidecar, provider.GetRequiredService<ILoggerFactory>()));
            services.AddDurableTaskWorker(builder => builder.UseGrpc(sidecar.ToString()));
            services.AddDurableTaskClient(builder => builder.UseGrpc(sidecar.ToString()).RegisterDirectly());
        }

        // The sidecar sends no health pings on an idle work-item stream, so the worker's silent-disconnect detection
        // would reconnect (with a pair of warnings) every two minutes of quiet; a real disconnect ends the stream anyway.
        services.AddOptions<GrpcDurableTaskWorkerOptions>(Options.DefaultName).Configure(worker => worker.SetSilentDisconnectTimeout(TimeSpan.Zero));

        // The app's tasks live in Core beside the services they use; tests add assemblies of their own.
        services.AddOptions<DurableTaskRegistry>(Options.DefaultName)
            .Configure(registry => DurableTaskRegistration.Register(registry, [typeof(TaxIdentity.Core.PlatformServices).Assembly, .. functions]));
        return services;
    }

    /// <summary>
    /// A port the OS just handed out, for the sidecar. The in-memory engine's default, a random port in
    /// 30000-40000, collides with other hosts and with outgoing connections when several hosts run at once.
    /// </summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
