using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace TaxIdentity.LocalHost.Durable;

/// <summary>
/// The Durable Task sidecar over the Azure Storage backend: a gRPC server (<see cref="TaskHubGrpcServer"/>)
/// in a small Kestrel host of its own, HTTP/2 only, on a loopback port. The app's Durable Task worker and
/// client talk to it as the Functions host's Durable extension talks to its own. It runs in its own host so
/// it starts before the worker and stops after it (inside the app's host, shutdown waits 30 s for the
/// worker's open stream).
/// </summary>
public sealed class AzureStorageSidecar(
    AzureStorageOrchestrationService service, Uri address, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? host;

    public static AzureStorageOrchestrationService CreateService(DurableHub hub, LocalHostOptions options, ILoggerFactory loggerFactory) =>
        new(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(hub.StorageConnection),
            TaskHubName = hub.HubName,
            WorkerId = options.WorkerId,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(options.MaxQueuePollingSeconds),
            LoggerFactory = loggerFactory,
        });

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(System.Net.IPAddress.Loopback, address.Port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        host = builder.Build();
        host.MapGrpcService<TaskHubGrpcServer>();
        await host.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (host is not null)
        {
            await host.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
            host = null;
        }
    }
}
