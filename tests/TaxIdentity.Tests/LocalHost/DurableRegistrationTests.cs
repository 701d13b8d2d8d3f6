using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.TestFunctions;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.LocalHost;

/// <summary>Orchestrators and activities run as the isolated worker runs them (here on the in-memory engine).</summary>
public sealed class DurableRegistrationTests
{
    private static Task<ApiHost> StartAsync() =>
        ApiHost.StartAsync(services: services => services.AddTestFunctions(), functions: TestFunctionServices.Assemblies);

    private static async Task<OrchestrationMetadata> RunToCompletionAsync(DurableTaskClient client, string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var completed = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(completed.RuntimeStatus == OrchestrationRuntimeStatus.Completed, completed.FailureDetails?.ToString());
        return completed;
    }

    [Fact]
    public async Task OrchestratorInput_BindsToItsUnattributedParameter_AndActivitiesGetTheirInput()
    {
        await using var api = await StartAsync();
        var client = api.Services.GetRequiredService<DurableTaskClient>();

        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(nameof(Workflows.Greet), "扎西");
        await client.WaitForInstanceStartAsync(instanceId);
        await client.RaiseEventAsync(instanceId, Workflows.Decision, "Welcome");

        Assert.Equal("Welcome, 扎西", (await RunToCompletionAsync(client, instanceId)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task ActivityClasses_AreBuiltInAScopeOfTheirOwn_DisposedAfterEachInvocation()
    {
        await using var api = await StartAsync();
        var client = api.Services.GetRequiredService<DurableTaskClient>();

        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(nameof(ProbeScopes), 3);
        var probes = (await RunToCompletionAsync(client, instanceId)).ReadOutputAs<Guid[]>()!;

        Assert.Equal(3, probes.Distinct().Count());
        var log = api.Services.GetRequiredService<ScopeLog>();
        Assert.All(probes, probe => Assert.True(log.Created[probe], $"scoped service {probe} was not disposed"));
    }
}
