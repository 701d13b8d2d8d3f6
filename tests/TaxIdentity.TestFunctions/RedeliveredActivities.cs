using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using TaxIdentity.Core.Delegation;

namespace TaxIdentity.TestFunctions;

/// <summary>Calls an app activity more than once with one input, as the engine does when it redelivers a task.</summary>
public static class RedeliveredActivities
{
    /// <summary>Applies the same delegation outcome twice at once, then once more; returns the statuses the activity answered.</summary>
    [Function(nameof(ApplyOutcomeThrice))]
    public static async Task<string[]> ApplyOutcomeThrice([OrchestrationTrigger] TaskOrchestrationContext context, DelegationOutcomeInput input)
    {
        var concurrent = await Task.WhenAll(
            context.CallActivityAsync<string>("ApplyDelegationOutcome", input),
            context.CallActivityAsync<string>("ApplyDelegationOutcome", input));
        var again = await context.CallActivityAsync<string>("ApplyDelegationOutcome", input);
        return [.. concurrent, again];
    }
}
