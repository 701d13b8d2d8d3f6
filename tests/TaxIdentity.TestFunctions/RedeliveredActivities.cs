using Microsoft.DurableTask;
using TaxIdentity.Core.Delegation;

namespace TaxIdentity.TestFunctions;

/// <summary>Runs the delegation follow-up more than once with one input, as the engine does when it redelivers a task.</summary>
public sealed class FollowUpThrice : TaskOrchestrator<DelegationFollowUpInput, string[]>
{
    /// <summary>Two at once, then once more; the statuses the activity answered.</summary>
    public override async Task<string[]> RunAsync(TaskOrchestrationContext context, DelegationFollowUpInput input)
    {
        var concurrent = await Task.WhenAll(
            context.CallActivityAsync<string>(nameof(DelegationFollowUp), input),
            context.CallActivityAsync<string>(nameof(DelegationFollowUp), input));
        var again = await context.CallActivityAsync<string>(nameof(DelegationFollowUp), input);
        return [.. concurrent, again];
    }
}
