using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaxIdentity.Core.Delegation;

namespace TaxIdentity.Functions.Delegation;

/// <summary>The delegation workflows over the Durable Functions client the host binds to a function ([DurableClient]).</summary>
public sealed class DelegationWorkflowClient(DurableTaskClient client) : IDelegationWorkflows
{
    public async Task EnsureStartedAsync(DelegationWorkflowInput input, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(input.RequestId, getInputsAndOutputs: false, cancellationToken);
        if (instance is not null && !instance.IsCompleted)
        {
            return;
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
    }

    public async Task RaiseAsync(DelegationWorkflowInput input, string eventName, DelegationAnswer answer, CancellationToken cancellationToken)
    {
        await EnsureStartedAsync(input, cancellationToken);
        await client.RaiseEventAsync(input.RequestId, eventName, answer, cancellationToken);
    }
}
