using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Delegation;

namespace TaxIdentity.Functions.Delegation;

/// <summary>Every ten minutes, completes any request left open past its expiry, so none stays stuck (D3, D9).</summary>
public sealed class DelegationResumeFunctions(DelegationResume resume)
{
    public const string Schedule = "0 */10 * * * *";

    [Function(nameof(ResumeStalledDelegations))]
    public Task ResumeStalledDelegations([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        resume.RunAsync(cancellationToken);
}
