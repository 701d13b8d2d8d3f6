using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Events;

/// <summary>Publishes what immediate dispatch left behind (publisher down, crash after commit), table by table.</summary>
public sealed class OutboxSweep(TableStore store, OutboxDispatcher dispatcher)
{
    /// <summary>The tables whose partitions hold outbox rows.</summary>
    public static IReadOnlyList<string> Tables { get; } = [TableNames.Persons, TableNames.Identities, TableNames.Delegations];

    /// <summary>Sweeps every table, also when one fails (that one is retried at the next run); the failures are thrown at the end.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        var failures = new List<Exception>();
        foreach (var name in Tables)
        {
            try
            {
                sent += await dispatcher.SweepAsync(await store.GetTableAsync(name, cancellationToken), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add(e);
            }
        }

        return failures.Count == 0 ? sent : throw new AggregateException("Publishing from the outbox failed; the next sweep retries.", failures);
    }
}
