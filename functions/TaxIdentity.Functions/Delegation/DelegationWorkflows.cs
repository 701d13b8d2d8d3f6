using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Delegation;

namespace TaxIdentity.Functions.Delegation;

/// <summary>
/// D3 and D9 as Durable Functions: one orchestration per invitation and per application, its instance ID the request's
/// ID. The orchestrator only coordinates: it waits for the first of the answer events and the expiry timer, cancels the
/// rest (the timer included), and hands the outcome to an activity, which does the I/O, idempotently.
/// </summary>
public sealed class DelegationWorkflows(DelegationOutcomes outcomes)
{
    /// <summary>Retries of the activity on storage outages; a workflow that still fails is resumed by the next answer or the resume timer.</summary>
    private static readonly TaskOptions ApplyRetries = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    [Function(nameof(InvitationWorkflow))]
    public static Task<string> InvitationWorkflow([OrchestrationTrigger] TaskOrchestrationContext context, DelegationWorkflowInput input) =>
        RunAsync(context, input);

    [Function(nameof(ApplicationWorkflow))]
    public static Task<string> ApplicationWorkflow([OrchestrationTrigger] TaskOrchestrationContext context, DelegationWorkflowInput input) =>
        RunAsync(context, input);

    /// <summary>The activity: applies the outcome to the request; returns the status the request is in afterwards.</summary>
    [Function(nameof(ApplyDelegationOutcome))]
    public async Task<string> ApplyDelegationOutcome([ActivityTrigger] DelegationOutcomeInput input, CancellationToken cancellationToken) =>
        (await outcomes.ApplyAsync(input, cancellationToken)).ToText();

    /// <summary>The orchestration name of a request's source.</summary>
    public static string OrchestrationOf(string source) =>
        source == DelegationSource.Invitation.ToText() ? nameof(InvitationWorkflow) : nameof(ApplicationWorkflow);

    private static async Task<string> RunAsync(TaskOrchestrationContext context, DelegationWorkflowInput input)
    {
        using var rest = new CancellationTokenSource();
        var events = DelegationEvents.For(EnumText.Parse<DelegationSource>(input.Source));
        var answers = events.Select(name => context.WaitForExternalEvent<DelegationAnswer>(name, rest.Token)).ToList();
        var expiry = context.CreateTimer(input.ExpiresAt.UtcDateTime, rest.Token);

        var first = await Task.WhenAny([.. answers, expiry]);

        // Synchronously, on the orchestrator's own thread: cancels the timer and the answers that lost.
        rest.Cancel();

        var winner = answers.FindIndex(answer => answer == first);
        var outcome = winner < 0
            ? new DelegationOutcomeInput(input.RequestId, input.Source, input.EnterpriseId, DelegationEvents.Expire, Answer: null)
            : new DelegationOutcomeInput(input.RequestId, input.Source, input.EnterpriseId, events[winner], await answers[winner]);
        return await context.CallActivityAsync<string>(nameof(ApplyDelegationOutcome), outcome, ApplyRetries);
    }
}
