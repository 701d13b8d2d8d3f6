using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using DurableTask.AzureStorage;
using DurableTask.Core;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Delegation;

/// <summary>K2: the invitation workflow's state lives in Azurite; the local host can die between invitation and answer.</summary>
public sealed class DelegationRestartTests : IAsyncLifetime
{
    private readonly string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string prefix = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly string hub = "deleg" + Guid.NewGuid().ToString("N")[..8];
    private AzuriteProcess azurite = null!;

    public async Task InitializeAsync() => azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync() => await azurite.DisposeAsync();

    [Fact]
    public async Task AnInvitation_SurvivesAHostCrash_AndIsConfirmedAfterTheRestart()
    {
        TestEnterprise enterprise;
        TestPerson person;
        string invitationId;
        var validUntil = DateTime.UtcNow.AddHours(8).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using (var first = await StartHostAsync())
        {
            var api = ApiHost.Remote(first.Address);
            enterprise = await api.EnterpriseWithManagerAsync();
            person = await api.RegisterAsync();
            invitationId = await api.InviteAsync(enterprise.Manager, person, validUntil: validUntil);

            // Killed once the workflow waits for its answer (a host killed while it processes a message gets that message
            // back only after the queue's visibility timeout, minutes later: the backend's behaviour, not the app's).
            await WaitUntilWaitingAsync(invitationId);
            await first.KillAsync();
        }

        await using var second = await StartHostAsync();
        var restarted = ApiHost.Remote(second.Address);
        var invitee = await restarted.PersonalLoginAsync(person);
        Assert.Single(await restarted.ListAsync(invitee, "/api/me/authorizations"));

        await (await restarted.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/confirm")).AssertOkAsync(HttpStatusCode.NoContent);

        var handler = Assert.Single((await restarted.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", person.PersonId)));
        Assert.Equal(validUntil, handler.GetProperty("validUntil").GetString());
    }

    [Fact]
    public async Task AnInvitationsExpiryTimer_SurvivesAHostCrash_AndExpiresItAfterTheRestart()
    {
        TestEnterprise enterprise;
        string invitationId;
        await using (var first = await StartHostAsync(expiry: "00:00:20"))
        {
            var api = ApiHost.Remote(first.Address);
            enterprise = await api.EnterpriseWithManagerAsync();
            var validUntil = DateTime.UtcNow.AddHours(8).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            invitationId = await api.InviteAsync(enterprise.Manager, await api.RegisterAsync(), validUntil: validUntil);
            await WaitUntilWaitingAsync(invitationId);
            await first.KillAsync();
        }

        await using var second = await StartHostAsync(expiry: "00:00:20");
        var restarted = ApiHost.Remote(second.Address);
        var manager = await restarted.EnterpriseLoginAsync(enterprise.LegalRepresentative, enterprise.CreditCode);

        var history = await DelegationKit.EventuallyAsync(() => restarted.HistoryAsync(manager), records => records.Length == 1, seconds: 120);
        Assert.Equal("expired", history[0].GetProperty("kind").GetString());
        Assert.Equal(invitationId, history[0].GetProperty("recordId").GetString());
    }

    private async Task WaitUntilWaitingAsync(string instanceId)
    {
        using var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
            TaskHubName = hub,
        });
        var client = new TaskHubClient(service);
        await DelegationKit.EventuallyAsync(
            async () => (await client.GetOrchestrationStateAsync(instanceId))?.OrchestrationStatus,
            status => status == OrchestrationStatus.Running);
    }

    private Task<LocalHostProcess> StartHostAsync(string expiry = "7.00:00:00") => LocalHostProcess.StartAsync(new Dictionary<string, string>
    {
        ["Delegation__Expiry"] = expiry,
        ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = hub,
        ["LocalHost__DurableEngine"] = "AzureStorage",
        ["LocalHost__WorkerId"] = "delegation-restart-test",
        ["Tables__ConnectionString"] = azurite.ConnectionString,
        ["Tables__Prefix"] = prefix,
        ["Tokens__SigningKey"] = signingKey,
        ["Operator__Key"] = ApiHost.OperatorKey,
        ["App__Key"] = ApiHost.AppKey,
        ["Sms__Provider"] = "Development",
        ["Captcha__Difficulty"] = "2",
        ["Login__RequestsPerMinutePerClient"] = "100000",
        ["Passwords__Iterations"] = "1000",
        ["Logging__LogLevel__Default"] = "Warning",
    });
}
