using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaxIdentity.LocalHost;

namespace TaxIdentity.Tests.LocalHost;

/// <summary>Orchestrator and activity functions written as for the Functions worker.</summary>
public static class GreetingWorkflow
{
    [Function(nameof(Greet))]
    public static async Task<string> Greet([OrchestrationTrigger] TaskOrchestrationContext context, string name)
    {
        var decision = await context.WaitForExternalEvent<string>("Decision");
        return await context.CallActivityAsync<string>(nameof(Compose), new Greeting(name, decision));
    }

    [Function(nameof(Compose))]
    public static Task<string> Compose([ActivityTrigger] Greeting greeting) => Task.FromResult($"{greeting.Decision}, {greeting.Name}");

    public sealed record Greeting(string Name, string Decision);
}

public sealed class DurableRegistrationTests
{
    [Fact]
    public async Task OrchestratorAndActivityFunctions_RunOnTheInProcessEngine()
    {
        using var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services => services.AddInMemoryDurableTask(registry => DurableFunctionRegistration.Register(registry, typeof(GreetingWorkflow).Assembly)))
            .Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(nameof(GreetingWorkflow.Greet), "扎西");
        await client.WaitForInstanceStartAsync(instanceId);
        await client.RaiseEventAsync(instanceId, "Decision", "Welcome");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var completed = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.True(completed.RuntimeStatus == OrchestrationRuntimeStatus.Completed, completed.FailureDetails?.ToString());
        Assert.Equal("Welcome, 扎西", completed.ReadOutputAs<string>());
        await host.StopAsync();
    }
}
