using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaxIdentity.Core.Common.Json;
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

    public async Task<DelegationStatus?> AnswerAsync(
        DelegationWorkflowInput input, string eventName, DelegationAnswer answer, TimeSpan wait, CancellationToken cancellationToken)
    {
        await EnsureStartedAsync(input, cancellationToken);
        await client.RaiseEventAsync(input.RequestId, eventName, answer, cancellationToken);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        OrchestrationMetadata finished;
        try
        {
            finished = await client.WaitForInstanceCompletionAsync(input.RequestId, getInputsAndOutputs: true, deadline.Token);
        }
        catch (Exception) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The wait ran out (the client reports it as a cancellation, or as the gRPC call's).
            return null;
        }

        return finished.RuntimeStatus == OrchestrationRuntimeStatus.Completed && EnumText.TryParse<DelegationStatus>(finished.ReadOutputAs<string>(), out var status)
            ? status
            : null;
    }
}
