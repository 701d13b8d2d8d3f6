using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaxIdentity.Core.Delegation;

namespace TaxIdentity.Functions.Delegation;

/// <summary>The delegation workflows over the Durable Functions client the host binds to a function ([DurableClient]).</summary>
public sealed class DelegationWorkflowClient(DurableTaskClient client) : IDelegationWorkflows
{
    /// <summary>How long an answer waits for a just-scheduled instance to start before raising its event anyway.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);

    public async Task EnsureStartedAsync(DelegationWorkflowInput input, CancellationToken cancellationToken) =>
        await StartedAsync(input, cancellationToken);

    /// <summary>
    /// Raises the answer once the instance runs: the Azure Storage backend discards an event dequeued for an instance
    /// whose start it has not processed yet ("no such instance"), so an answer to a request created a moment ago, or
    /// to one just resumed, first waits for the start.
    /// </summary>
    public async Task RaiseAsync(DelegationWorkflowInput input, string eventName, DelegationAnswer answer, CancellationToken cancellationToken)
    {
        var instance = await StartedAsync(input, cancellationToken);
        var deadline = DateTime.UtcNow + StartWait;
        var pause = TimeSpan.FromMilliseconds(25);
        while (instance?.RuntimeStatus is null or OrchestrationRuntimeStatus.Pending && DateTime.UtcNow < deadline)
        {
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 250));
            instance = await client.GetInstanceAsync(input.RequestId, getInputsAndOutputs: false, cancellationToken);
        }

        await client.RaiseEventAsync(input.RequestId, eventName, answer, cancellationToken);
    }

    /// <summary>The instance, scheduled first when it is missing or finished (while its request is pending, as the callers know).</summary>
    private async Task<OrchestrationMetadata?> StartedAsync(DelegationWorkflowInput input, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(input.RequestId, getInputsAndOutputs: false, cancellationToken);
        if (instance is not null && !instance.IsCompleted)
        {
            return instance;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                DelegationWorkflows.OrchestrationOf(input.Source), input, new StartOrchestrationOptions(input.RequestId), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Another request started it at the same moment; anything else surfaces.
            var started = await client.GetInstanceAsync(input.RequestId, getInputsAndOutputs: false, cancellationToken);
            if (started is null || started.IsCompleted)
            {
                throw;
            }
        }

        return null;
    }
}
