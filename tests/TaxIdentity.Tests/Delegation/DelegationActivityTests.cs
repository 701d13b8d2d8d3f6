using System.Net;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.Events;
using TaxIdentity.TestFunctions;
using TaxIdentity.Tests.Events;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Delegation;

/// <summary>The workflow's activity runs at least once; and a request whose workflow is gone is resumed by the timer.</summary>
public sealed class DelegationActivityTests
{
    [Theory]
    [InlineData("Confirm", "confirmed")]
    [InlineData("Withdraw", "withdrawn")]
    public async Task ARedeliveredActivity_AppliesTheOutcomeOnce(string outcome, string status)
    {
        var publisher = new RecordingPublisher();
        await using var api = await ApiHost.StartAsync(
            services: services => services.AddSingleton<IEventPublisher>(publisher), functions: TestFunctionServices.Assemblies);
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);
        var durable = api.Service<DurableTaskClient>();
        var input = new DelegationOutcomeInput(
            invitationId, "invitation", enterprise.EnterpriseId, outcome, new DelegationAnswer(person.PersonId, DateTimeOffset.UtcNow));

        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync(nameof(RedeliveredActivities.ApplyOutcomeThrice), input);
        var finished = await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        Assert.Equal([status, status, status], finished.ReadOutputAs<string[]>()!);
        Assert.Equal(status, (await api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString());
        var eventType = outcome == "Confirm" ? "invitationConfirmed" : "invitationWithdrawn";
        Assert.Single(publisher.Published, e => e.Type == eventType && e.SubjectId == invitationId);
        var handlers = (await api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", person.PersonId));
        Assert.Equal(outcome == "Confirm" ? 1 : 0, handlers.Count);
        Assert.Equal(outcome == "Confirm" ? 0 : 1, (await api.HistoryAsync(enterprise.Manager)).Length);

        // The invitation's own workflow, still waiting, meets a finished request when its answer comes.
        var invitee = await api.PersonalLoginAsync(person);
        await (await api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/reject")).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task ARequestLeftPendingPastItsExpiryWithoutAWorkflow_IsExpiredByTheResumeTimer()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = await ApiHost.StartAsync(services: services => services.AddSingleton<TimeProvider>(clock));
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);
        var durable = api.Service<DurableTaskClient>();
        await durable.TerminateInstanceAsync(invitationId);
        await durable.WaitForInstanceCompletionAsync(invitationId);
        await durable.PurgeInstanceAsync(invitationId);

        // The row as a crash would leave it: pending, its expiry long past, no workflow instance.
        var table = await api.Service<TableStore>().GetTableAsync(TableNames.Delegations);
        var row = (await table.GetEntityAsync<TableEntity>(DelegationKeys.Enterprise(enterprise.EnterpriseId), DelegationKeys.Request(DelegationSource.Invitation, invitationId))).Value;
        row["ExpiresAt"] = clock.GetUtcNow().AddHours(-1);
        await table.UpdateEntityAsync(row, row.ETag);
        Assert.Empty(await api.HistoryAsync(enterprise.Manager));

        clock.Advance(TimeSpan.FromMinutes(10));

        var history = await DelegationKit.EventuallyAsync(() => api.HistoryAsync(enterprise.Manager), records => records.Length == 1);
        Assert.Equal("expired", history[0].GetProperty("kind").GetString());
        Assert.Equal(invitationId, history[0].GetProperty("recordId").GetString());
    }
}
