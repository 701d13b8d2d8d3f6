using Microsoft.DurableTask;
using TaxIdentity.Core.Common.Json;

namespace TaxIdentity.Core.Delegation;

/// <summary>An answer: who answered, when, and what an approval grants (also the payload of the former workflows' events).</summary>
public sealed record DelegationAnswer(string By, DateTimeOffset At, IReadOnlyList<string>? Functions = null, string? ValidUntil = null, string? Reason = null);

/// <summary>The former workflows' activity input: the answer that won, or the expiry.</summary>
public sealed record DelegationOutcomeInput(string RequestId, string Source, string EnterpriseId, string Outcome, DelegationAnswer? Answer);

/// <summary>
/// The workflows as they were before answers were decided at the row (one event per kind of answer, the activity
/// deciding), kept under their names, unchanged in shape, until their instances have drained (at most
/// <see cref="DelegationOptions.Expiry"/> after the deployment that replaced them; see README, "Workflows and
/// versioning"). Their activity now decides at the row like every answer.
/// </summary>
public abstract class FormerDelegationWorkflow : TaskOrchestrator<DelegationWorkflowInput, string>
{
    public const string Confirm = "Confirm";
    public const string Approve = "Approve";
    public const string Reject = "Reject";
    public const string Withdraw = "Withdraw";
    public const string Expire = "Expire";

    private static readonly TaskOptions ApplyRetries = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    public override async Task<string> RunAsync(TaskOrchestrationContext context, DelegationWorkflowInput input)
    {
        using var rest = new CancellationTokenSource();
        string[] events = EnumText.Parse<DelegationSource>(input.Source) == DelegationSource.Invitation ? [Confirm, Reject, Withdraw] : [Approve, Reject, Withdraw];
        var answers = events.Select(name => context.WaitForExternalEvent<DelegationAnswer>(name, rest.Token)).ToList();
        var expiry = context.CreateTimer(input.ExpiresAt.UtcDateTime, rest.Token);
        var first = await Task.WhenAny([.. answers, expiry]);
        rest.Cancel();
        var winner = answers.FindIndex(answer => answer == first);
        var outcome = winner < 0
            ? new DelegationOutcomeInput(input.RequestId, input.Source, input.EnterpriseId, Expire, Answer: null)
            : new DelegationOutcomeInput(input.RequestId, input.Source, input.EnterpriseId, events[winner], await answers[winner]);
        return await context.CallActivityAsync<string>(nameof(ApplyDelegationOutcome), outcome, ApplyRetries);
    }
}

/// <summary>The former invitation workflow (D3), draining.</summary>
public sealed class InvitationWorkflow : FormerDelegationWorkflow;

/// <summary>The former application workflow (D9), draining.</summary>
public sealed class ApplicationWorkflow : FormerDelegationWorkflow;

/// <summary>The former workflows' activity: their answer is decided at the row (409s are simply lost), then completed.</summary>
public sealed class ApplyDelegationOutcome(DelegationAnswers answers, DelegationStore store) : TaskActivity<DelegationOutcomeInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, DelegationOutcomeInput input)
    {
        var source = EnumText.Parse<DelegationSource>(input.Source);
        if (input.Outcome != FormerDelegationWorkflow.Expire && input.Answer is { } answer
            && await store.FindTruthAsync(input.EnterpriseId, source, input.RequestId, CancellationToken.None) is { State: DelegationStatus.Pending } request)
        {
            var outcome = input.Outcome switch
            {
                FormerDelegationWorkflow.Confirm => DelegationStatus.Confirmed,
                FormerDelegationWorkflow.Approve => DelegationStatus.Approved,
                FormerDelegationWorkflow.Reject => DelegationStatus.Rejected,
                _ => DelegationStatus.Withdrawn,
            };
            await answers.DecideAsync(request, outcome, answer, CancellationToken.None);
        }

        var status = await answers.CompleteAsync(input.EnterpriseId, source, input.RequestId, CancellationToken.None);

        // The former workflow ends here whatever the status: a request its timer woke too early is resumed by the timer.
        return status.ToText();
    }
}
