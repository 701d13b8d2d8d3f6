namespace TaxIdentity.Core.Delegation;

/// <summary>The input of a request's workflow, whose instance ID is the request's ID.</summary>
public sealed record DelegationWorkflowInput(string RequestId, string Source, string EnterpriseId, string PersonId, DateTimeOffset ExpiresAt)
{
    public static DelegationWorkflowInput For(DelegationRequestEntity request) =>
        new(request.RequestId, request.Source, request.EnterpriseId, request.PersonId, request.ExpiresAt);
}

/// <summary>An answer, raised to the workflow as an external event: who answered, when, and what an approval grants.</summary>
public sealed record DelegationAnswer(string By, DateTimeOffset At, IReadOnlyList<string>? Functions = null, string? ValidUntil = null, string? Reason = null);

/// <summary>What the workflow's activity applies: the answer that won, or the expiry.</summary>
public sealed record DelegationOutcomeInput(string RequestId, string Source, string EnterpriseId, string Outcome, DelegationAnswer? Answer);

/// <summary>The external events the workflows wait for, and the outcomes they lead to.</summary>
public static class DelegationEvents
{
    public const string Confirm = "Confirm";
    public const string Approve = "Approve";
    public const string Reject = "Reject";
    public const string Withdraw = "Withdraw";

    /// <summary>The outcome the activity applies when the timer wins.</summary>
    public const string Expire = "Expire";

    /// <summary>The answers each kind of request waits for.</summary>
    public static IReadOnlyList<string> For(DelegationSource source) =>
        source == DelegationSource.Invitation ? [Confirm, Reject, Withdraw] : [Approve, Reject, Withdraw];

    /// <summary>The status an outcome leaves the request in.</summary>
    public static DelegationStatus StatusOf(string outcome) => outcome switch
    {
        Confirm => DelegationStatus.Confirmed,
        Approve => DelegationStatus.Approved,
        Reject => DelegationStatus.Rejected,
        Withdraw => DelegationStatus.Withdrawn,
        _ => DelegationStatus.Expired,
    };
}

/// <summary>
/// The durable workflows of invitations and applications, as the HTTP layer drives them: one instance per request
/// (instance ID = request ID). Implemented over the Durable Functions client, which the host hands to each function.
/// </summary>
public interface IDelegationWorkflows
{
    /// <summary>Starts the request's workflow unless an instance of it is running (a missing or finished one is started afresh).</summary>
    Task EnsureStartedAsync(DelegationWorkflowInput input, CancellationToken cancellationToken);

    /// <summary>Raises the answer as an external event, starting the workflow first when its instance is missing or finished.</summary>
    Task RaiseAsync(DelegationWorkflowInput input, string eventName, DelegationAnswer answer, CancellationToken cancellationToken);
}
