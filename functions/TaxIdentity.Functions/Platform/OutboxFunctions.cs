using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Events;

namespace TaxIdentity.Functions.Platform;

/// <summary>Every minute, publishes domain events that immediate dispatch could not (K3).</summary>
public sealed class OutboxFunctions(OutboxSweep sweep)
{
    public const string Schedule = "0 */1 * * * *";

    [Function(nameof(SweepOutbox))]
    public Task SweepOutbox([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweep.RunAsync(cancellationToken);
}
