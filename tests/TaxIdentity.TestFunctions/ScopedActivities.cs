using System.Collections.Concurrent;
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

/// <summary>Calls <see cref="WhichProbe"/> the given number of times, one after the other.</summary>
public sealed class ProbeScopes : TaskOrchestrator<int, Guid[]>
{
    public override async Task<Guid[]> RunAsync(TaskOrchestrationContext context, int input)
    {
        var ids = new Guid[input];
        for (var i = 0; i < input; i++)
        {
            ids[i] = await context.CallActivityAsync<Guid>(nameof(WhichProbe), i);
        }

        return ids;
    }
}

/// <summary>An activity class with a scoped dependency, as the worker builds it per invocation.</summary>
public sealed class WhichProbe(ScopedProbe probe) : TaskActivity<int, Guid>
{
    public override Task<Guid> RunAsync(TaskActivityContext context, int input) => Task.FromResult(probe.Id);
}
