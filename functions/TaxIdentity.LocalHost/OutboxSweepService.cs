using Microsoft.Extensions.Options;
using TaxIdentity.Core.Events;

namespace TaxIdentity.LocalHost;

/// <summary>The local host's stand-in for the outbox timer function: the same sweep, once a minute.</summary>
public sealed partial class OutboxSweepService(OutboxSweep sweep, IOptions<ServiceBusOptions> options, TimeProvider time, ILogger<OutboxSweepService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(options.Value.FullyQualifiedNamespace))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sweep.RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sweep failed; retrying in a minute")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
