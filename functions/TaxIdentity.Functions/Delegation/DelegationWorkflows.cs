using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using TaxIdentity.Core.Delegation;

namespace TaxIdentity.Functions.Delegation;

/// <summary>
/// D3 and D9 as Durable Functions: the orchestrator and activity classes of Core, each behind a two-line function of
/// the same name (the local host registers the same classes by type). The former workflows stay until drained.
/// </summary>
public sealed class DelegationWorkflows(DelegationFollowUp followUp, ApplyDelegationOutcome formerOutcome)
{
    [Function(nameof(DelegationWorkflow))]
    public static Task<string> RunDelegationWorkflow([OrchestrationTrigger] TaskOrchestrationContext context, DelegationWorkflowInput input) =>
        new DelegationWorkflow().RunAsync(context, input);

    [Function(nameof(DelegationFollowUp))]
    public Task<string> RunDelegationFollowUp([ActivityTrigger] DelegationFollowUpInput input, FunctionContext context) =>
        followUp.RunAsync(new FunctionActivityContext(nameof(DelegationFollowUp), context.InvocationId), input);

    [Function(nameof(InvitationWorkflow))]
    public static Task<string> RunInvitationWorkflow([OrchestrationTrigger] TaskOrchestrationContext context, DelegationWorkflowInput input) =>
        new InvitationWorkflow().RunAsync(context, input);

    [Function(nameof(ApplicationWorkflow))]
    public static Task<string> RunApplicationWorkflow([OrchestrationTrigger] TaskOrchestrationContext context, DelegationWorkflowInput input) =>
        new ApplicationWorkflow().RunAsync(context, input);

    [Function(nameof(ApplyDelegationOutcome))]
    public Task<string> RunApplyDelegationOutcome([ActivityTrigger] DelegationOutcomeInput input, FunctionContext context) =>
        formerOutcome.RunAsync(new FunctionActivityContext(nameof(ApplyDelegationOutcome), context.InvocationId), input);
}

/// <summary>The activity context a class-based activity sees when a Functions wrapper calls it.</summary>
public sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
{
    public override TaskName Name => name;

    public override string InstanceId => instanceId;
}
