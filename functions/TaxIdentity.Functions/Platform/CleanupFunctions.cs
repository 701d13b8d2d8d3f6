using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Cleanup;

namespace TaxIdentity.Functions.Platform;

/// <summary>Every 15 minutes, deletes expired one-time rows (A8).</summary>
public sealed class CleanupFunctions(ExpiredRowCleanup cleanup)
{
    public const string Schedule = "0 */15 * * * *";

    [Function(nameof(DeleteExpiredRows))]
    public async Task DeleteExpiredRows([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        await cleanup.RunAsync(cancellationToken);
}
