using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Events;

/// <summary>Publishes what immediate dispatch left behind (publisher down, crash after commit), table by table.</summary>
public sealed class OutboxSweep(TableStore store, OutboxDispatcher dispatcher)
{
    /// <summary>The tables whose partitions hold outbox rows.</summary>
    public static IReadOnlyList<string> Tables { get; } = [TableNames.Persons, TableNames.Identities, TableNames.Delegations];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var name in Tables)
        {
            sent += await dispatcher.SweepAsync(await store.GetTableAsync(name, cancellationToken), cancellationToken);
        }

        return sent;
    }
}
