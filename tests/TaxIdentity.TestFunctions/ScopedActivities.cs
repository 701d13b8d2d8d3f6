using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace TaxIdentity.TestFunctions;

/// <summary>A scoped service that notes its creation and disposal.</summary>
public sealed class ScopedProbe : IDisposable
{
    private readonly ScopeLog log;

    public ScopedProbe(ScopeLog log)
    {
        this.log = log;
        log.Created[Id] = false;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public void Dispose() => log.Created[Id] = true;
}

/// <summary>Which probes were created, and whether each was disposed.</summary>
public sealed class ScopeLog
{
    public ConcurrentDictionary<Guid, bool> Created { get; } = new();
}

/// <summary>An activity class with a scoped dependency, as the worker builds it per invocation.</summary>
public sealed class ScopedActivities(ScopedProbe probe)
{
    [Function(nameof(ProbeScopes))]
    public static async Task<Guid[]> ProbeScopes([OrchestrationTrigger] TaskOrchestrationContext context, int calls)
    {
        var ids = new Guid[calls];
        for (var i = 0; i < calls; i++)
        {
            ids[i] = await context.CallActivityAsync<Guid>(nameof(WhichProbe), i);
        }

        return ids;
    }

    [Function(nameof(WhichProbe))]
    public Guid WhichProbe([ActivityTrigger] int call) => probe.Id;
}
