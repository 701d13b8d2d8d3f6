using Azure.Data.Tables;
using Microsoft.DurableTask;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.TestFunctions;

/// <summary>Orchestrators and activities written as the app writes its own: classes registered by type.</summary>
public static class Workflows
{
    public const string Decision = "Decision";
    public const string RunsTable = "WorkflowRuns";

    public sealed record Greeting(string Name, string Decision);

    public sealed class Greet : TaskOrchestrator<string, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
        {
            var decision = await context.WaitForExternalEvent<string>(Decision);
            return await context.CallActivityAsync<string>(nameof(Compose), new Greeting(input, decision));
        }
    }

    public sealed class Compose : TaskActivity<Greeting, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, Greeting input) => Task.FromResult($"{input.Decision}, {input.Name}");
    }

    /// <summary>Waits for a decision, then records one run.</summary>
    public sealed class AwaitDecision : TaskOrchestrator<object?, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, object? input)
        {
            var decision = await context.WaitForExternalEvent<string>(Decision);
            await context.CallActivityAsync<string>(nameof(RecordRun), context.InstanceId);
            return decision;
        }
    }

    /// <summary>Waits the given number of seconds on a durable timer, then records one run.</summary>
    public sealed class AwaitTimer : TaskOrchestrator<int, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
        {
            await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(input), CancellationToken.None);
            await context.CallActivityAsync<string>(nameof(RecordRun), context.InstanceId);
            return "done";
        }
    }

    /// <summary>Writes one row per execution, so tests can count how often the activity ran.</summary>
    public sealed class RecordRun(TableStore tables) : TaskActivity<string, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, string input)
        {
            var table = await tables.GetTableAsync(RunsTable, CancellationToken.None);
            await table.AddEntityAsync(new TableEntity(input, Guid.NewGuid().ToString("N")));
            return input;
        }
    }
}
