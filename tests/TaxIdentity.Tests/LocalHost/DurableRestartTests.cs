using Azure.Data.Tables;
using DurableTask.AzureStorage;
using DurableTask.Core;
using TaxIdentity.TestFunctions;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.LocalHost;

/// <summary>
/// Durable state lives in Azurite, as under Core Tools: a workflow waiting for an event or a timer outlives
/// a stop or a crash of the local host and completes after the restart, its activity run once. The workflow
/// is driven from the test through the backend's own client, straight on storage.
/// </summary>
public sealed class DurableRestartTests : IAsyncLifetime, IDisposable
{
    private readonly string hub = "restart" + Guid.NewGuid().ToString("N")[..8];
    private readonly string prefix = "t" + Guid.NewGuid().ToString("N")[..12];
    private AzuriteProcess azurite = null!;
    private AzureStorageOrchestrationService service = null!;

    private TaskHubClient Client => new(service);

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartAsync();
        service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
            TaskHubName = hub,
        });
    }

    public async Task DisposeAsync() => await azurite.DisposeAsync();

    public void Dispose() => service?.Dispose();

    private Task<LocalHostProcess> StartHostAsync() => LocalHostProcess.StartAsync(new Dictionary<string, string>
    {
        ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = hub,
        ["LocalHost__DurableEngine"] = "AzureStorage",
        ["LocalHost__WorkerId"] = "restart-test",
        ["Tables__ConnectionString"] = azurite.ConnectionString,
        ["Tables__Prefix"] = prefix,
        ["Sms__Provider"] = "Development",
        ["Logging__LogLevel__Default"] = "Warning",
    });

    [Fact]
    public async Task WorkflowWaitingForAnEvent_SurvivesAGracefulStop()
    {
        var instance = await StartWaitingWorkflowAsync(host => host.StopGracefullyAsync());

        await using var restarted = await StartHostAsync();
        await Client.RaiseEventAsync(instance, Workflows.Decision, "approve");

        await AssertCompletedOnceAsync(instance.InstanceId);
    }

    [Fact]
    public async Task WorkflowWaitingForAnEvent_SurvivesAKill()
    {
        var instance = await StartWaitingWorkflowAsync(host => host.KillAsync());

        await using var restarted = await StartHostAsync();
        await Client.RaiseEventAsync(instance, Workflows.Decision, "approve");

        await AssertCompletedOnceAsync(instance.InstanceId);
    }

    [Fact]
    public async Task TimerThatFellDueWhileTheHostWasKilled_FiresAfterTheRestart()
    {
        const int seconds = 3;
        OrchestrationInstance instance;
        await using (var host = await StartHostAsync())
        {
            instance = await Client.CreateOrchestrationInstanceAsync(nameof(Workflows.AwaitTimer), string.Empty, seconds);
            await WaitForStatusAsync(instance.InstanceId, OrchestrationStatus.Running);
            await host.KillAsync();
        }

        // A real wait: the backend's durable timer runs on the wall clock, and the point is that it fell due while nothing ran.
        await Task.Delay(TimeSpan.FromSeconds(seconds + 1));
        Assert.Equal(OrchestrationStatus.Running, (await Client.GetOrchestrationStateAsync(instance.InstanceId))?.OrchestrationStatus);

        await using var restarted = await StartHostAsync();

        await AssertCompletedOnceAsync(instance.InstanceId);
    }

    private async Task<OrchestrationInstance> StartWaitingWorkflowAsync(Func<LocalHostProcess, Task> stop)
    {
        await using var host = await StartHostAsync();
        var instance = await Client.CreateOrchestrationInstanceAsync(nameof(Workflows.AwaitDecision), string.Empty, null);
        await WaitForStatusAsync(instance.InstanceId, OrchestrationStatus.Running);
        await stop(host);
        return instance;
    }

    private async Task AssertCompletedOnceAsync(string instanceId)
    {
        await WaitForStatusAsync(instanceId, OrchestrationStatus.Completed);

        var runs = new TableClient(azurite.ConnectionString, prefix + Workflows.RunsTable)
            .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"));
        Assert.Single(runs);
    }

    private async Task WaitForStatusAsync(string instanceId, OrchestrationStatus status)
    {
        // Generous: after a kill the backend first takes over the dead host's partition leases, slower on a loaded machine.
        var deadline = DateTime.UtcNow.AddSeconds(150);
        OrchestrationStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await Client.GetOrchestrationStateAsync(instanceId))?.OrchestrationStatus;
            if (last == status)
            {
                return;
            }

            Assert.NotEqual(OrchestrationStatus.Failed, last);
            await Task.Delay(100);
        }

        Assert.Fail($"Instance {instanceId} stayed {last}, never {status}.");
    }
}
