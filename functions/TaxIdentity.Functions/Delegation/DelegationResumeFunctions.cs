using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaxIdentity.Core.Delegation;

namespace TaxIdentity.Functions.Delegation;

/// <summary>Every ten minutes, starts again the workflow of any request left pending past its expiry, so none stays stuck (D3, D9).</summary>
public sealed class DelegationResumeFunctions(DelegationResume resume)
{
    public const string Schedule = "0 */10 * * * *";

    [Function(nameof(ResumeStalledDelegations))]
    public Task ResumeStalledDelegations([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        resume.RunAsync(new DelegationWorkflowClient(durable), cancellationToken);
}
