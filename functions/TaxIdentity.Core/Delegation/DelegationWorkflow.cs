using Microsoft.DurableTask;
using TaxIdentity.Core.Common.Json;

namespace TaxIdentity.Core.Delegation;

/// <summary>The input of a request's workflow, whose instance ID is the request's ID.</summary>
public sealed record DelegationWorkflowInput(string RequestId, string Source, string EnterpriseId, string PersonId, DateTimeOffset ExpiresAt)
{
    public static DelegationWorkflowInput For(DelegationRequestEntity request) =>
        new(request.RequestId, request.Source, request.EnterpriseId, request.PersonId, request.ExpiresAt);
}

/// <summary>What the follow-up activity needs to find the request's row.</summary>
public sealed record DelegationFollowUpInput(string RequestId, string Source, string EnterpriseId);

/// <summary>
/// The durable workflows of invitations and applications as the HTTP layer drives them: one instance per request
/// (instance ID = request ID), over the Durable Functions client the host hands to each function.
/// </summary>
public interface IDelegationWorkflows
{
    /// <summary>Starts the request's workflow; a request whose workflow never started is found by the resume timer.</summary>
    Task StartAsync(DelegationWorkflowInput input, CancellationToken cancellationToken);

    /// <summary>Tells the workflow its request was answered (at the row), so it cancels its timer and follows up now.</summary>
    Task NotifyAnsweredAsync(string requestId, CancellationToken cancellationToken);
}

/// <summary>
/// D3 and D9: the workflow of one invitation or application. The answer is decided at the request's row by the HTTP
/// request that gave it; the workflow owns the expiry timer and the follow-up: it waits for the "answered" event or the
/// timer, whichever comes first, cancels the other, and hands over to <see cref="DelegationFollowUp"/>, which expires a
/// request still pending at its expiry and completes an answered one, idempotently. Orchestrators only coordinate: no
/// clock, no I/O. A changed orchestrator gets a new name; the former ones stay until their instances have drained
/// (README, "Workflows and versioning").
/// </summary>
public sealed class DelegationWorkflow : TaskOrchestrator<DelegationWorkflowInput, string>
{
    /// <summary>The external event an answer raises once it is decided at the row.</summary>
    public const string Answered = "Answered";

    /// <summary>Retries of the follow-up on storage outages; a request it could not complete is found by the resume timer.</summary>
    public static readonly TaskOptions FollowUpRetries = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    public override async Task<string> RunAsync(TaskOrchestrationContext context, DelegationWorkflowInput input)
    {
        using var rest = new CancellationTokenSource();
        var answered = context.WaitForExternalEvent<string>(Answered, rest.Token);
        var expiry = context.CreateTimer(input.ExpiresAt.UtcDateTime, rest.Token);
        await Task.WhenAny(answered, expiry);

        // Synchronously, on the orchestrator's own thread: cancels the timer or the wait that lost.
        rest.Cancel();

        var status = await context.CallActivityAsync<string>(
            nameof(DelegationFollowUp), new DelegationFollowUpInput(input.RequestId, input.Source, input.EnterpriseId), FollowUpRetries);
        if (status == DelegationStatus.Pending.ToText())
        {
            // Woken before the request's time (its clock decides the expiry): wait again.
            context.ContinueAsNew(input);
        }

        return status;
    }
}

/// <summary>The workflow's activity: expires the request if it is still pending at its expiry, completes its outcome's follow-up.</summary>
public sealed class DelegationFollowUp(DelegationAnswers answers) : TaskActivity<DelegationFollowUpInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, DelegationFollowUpInput input) =>
        (await answers.CompleteAsync(input.EnterpriseId, EnumText.Parse<DelegationSource>(input.Source), input.RequestId, CancellationToken.None)).ToText();
}
