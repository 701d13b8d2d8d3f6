using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaxIdentity.Core.Delegation;

namespace TaxIdentity.Functions.Delegation;

/// <summary>The delegation workflows over the Durable Functions client the host binds to a function ([DurableClient]).</summary>
public sealed class DelegationWorkflowClient(DurableTaskClient client) : IDelegationWorkflows
{
    public async Task StartAsync(DelegationWorkflowInput input, CancellationToken cancellationToken) =>
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(DelegationWorkflow), input, new StartOrchestrationOptions(input.RequestId), cancellationToken);

    /// <summary>
    /// Raises the event without waiting for anything: the answer is already decided and applied at the row. An event
    /// the engine drops (the Azure Storage backend drops one for an instance whose start it has not processed yet)
    /// only delays the follow-up to the request's timer.
    /// </summary>
    public Task NotifyAnsweredAsync(string requestId, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(requestId, DelegationWorkflow.Answered, "answered", cancellationToken);
}
