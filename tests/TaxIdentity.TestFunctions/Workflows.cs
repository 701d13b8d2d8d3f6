using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.TestFunctions;

/// <summary>Orchestrators and activities written as for the Functions worker.</summary>
public sealed class Workflows(TableStore tables)
{
    public const string Decision = "Decision";
    public const string RunsTable = "WorkflowRuns";

    [Function(nameof(Greet))]
    public static async Task<string> Greet([OrchestrationTrigger] TaskOrchestrationContext context, string name)
    {
        var decision = await context.WaitForExternalEvent<string>(Decision);
        return await context.CallActivityAsync<string>(nameof(Compose), new Greeting(name, decision));
    }

    [Function(nameof(Compose))]
    public static Task<string> Compose([ActivityTrigger] Greeting greeting) => Task.FromResult($"{greeting.Decision}, {greeting.Name}");

    /// <summary>Waits for a decision, then records one run.</summary>
    [Function(nameof(AwaitDecision))]
    public static async Task<string> AwaitDecision([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var decision = await context.WaitForExternalEvent<string>(Decision);
        await context.CallActivityAsync(nameof(RecordRun), context.InstanceId);
        return decision;
    }

    /// <summary>Waits the given number of seconds on a durable timer, then records one run.</summary>
    [Function(nameof(AwaitTimer))]
    public static async Task AwaitTimer([OrchestrationTrigger] TaskOrchestrationContext context, int seconds)
    {
        await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(seconds), CancellationToken.None);
        await context.CallActivityAsync(nameof(RecordRun), context.InstanceId);
    }

    /// <summary>Writes one row per execution, so tests can count how often the activity ran.</summary>
    [Function(nameof(RecordRun))]
    public async Task RecordRun([ActivityTrigger] string instanceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(RunsTable, cancellationToken);
        await table.AddEntityAsync(new TableEntity(instanceId, Guid.NewGuid().ToString("N")), cancellationToken);
    }

    public sealed record Greeting(string Name, string Decision);
}
