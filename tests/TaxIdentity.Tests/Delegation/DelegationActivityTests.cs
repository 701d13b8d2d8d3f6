using System.Net;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.Events;
using TaxIdentity.TestFunctions;
using TaxIdentity.Tests.Events;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Delegation;

/// <summary>
/// The workflow's follow-up runs at least once, and never brings back what was undone since; the former workflows
/// drain; a request whose workflow is gone is completed by the resume timer, found by its due time.
/// </summary>
public sealed class DelegationActivityTests
{
    [Fact]
    public async Task ARedeliveredFollowUp_AfterTheHandlerWasDeleted_GrantsNothingAgain()
    {
        var publisher = new RecordingPublisher();
        await using var api = await ApiHost.StartAsync(
            services: services => services.AddSingleton<IEventPublisher>(publisher), functions: TestFunctionServices.Assemblies);
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);
        await (await api.PostAsync(await api.PersonalLoginAsync(person), $"/api/me/authorizations/{invitationId}/confirm")).AssertOkAsync(HttpStatusCode.NoContent);
        var handlerId = DelegationKit.HandlerId("taxClerk", person.PersonId);
        await (await api.SendAsync(enterprise.Manager, HttpMethod.Delete, $"/api/enterprise/handlers/{handlerId}")).AssertOkAsync(HttpStatusCode.NoContent);
        var durable = api.Service<DurableTaskClient>();

        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync(
            nameof(FollowUpThrice), new DelegationFollowUpInput(invitationId, "invitation", enterprise.EnterpriseId));
        var finished = await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        Assert.Equal(["confirmed", "confirmed", "confirmed"], finished.ReadOutputAs<string[]>()!);
        await (await api.GetAsync(enterprise.Manager, $"/api/enterprise/handlers/{handlerId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await api.AssertSidesAgreeAsync(enterprise.EnterpriseId, person.PersonId);
        Assert.Single(publisher.Published, e => e.Type == "invitationConfirmed" && e.SubjectId == invitationId);
        var login = await api.LoginAsync(new Dictionary<string, object?>
        {
            ["mode"] = "enterprise",
            ["creditCode"] = enterprise.CreditCode,
            ["account"] = person.IdNumber,
            ["password"] = person.Password,
        });
        await login.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task AnInstanceOfAFormerWorkflow_StillDrains_ItsAnswerDecidedAtTheRow()
    {
        await using var api = await ApiHost.StartAsync();
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);
        var durable = api.Service<DurableTaskClient>();
        var input = new DelegationWorkflowInput(invitationId, "invitation", enterprise.EnterpriseId, person.PersonId, DateTimeOffset.UtcNow.AddDays(7));

        var former = await durable.ScheduleNewOrchestrationInstanceAsync(nameof(InvitationWorkflow), input);
        await durable.WaitForInstanceStartAsync(former);
        await durable.RaiseEventAsync(former, FormerDelegationWorkflow.Confirm, new DelegationAnswer(person.PersonId, DateTimeOffset.UtcNow));
        var finished = await durable.WaitForInstanceCompletionAsync(former, getInputsAndOutputs: true);

        Assert.Equal("confirmed", finished.ReadOutputAs<string>());
        Assert.Single((await api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", person.PersonId)));
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
        await api.DropWorkflowAsync(invitationId);

        // As a crash would leave it: pending, no workflow instance; then its expiry and the grace pass.
        clock.Advance(TimeSpan.FromDays(7) + DelegationResume.Grace);
        var manager = await api.EnterpriseLoginAsync(enterprise.LegalRepresentative, enterprise.CreditCode);
        Assert.Empty(await api.HistoryAsync(manager));
        clock.Advance(TimeSpan.FromMinutes(10));

        var history = await DelegationKit.EventuallyAsync(() => api.HistoryAsync(manager), records => records.Length == 1);
        Assert.Equal("expired", history[0].GetProperty("kind").GetString());
        Assert.Equal(invitationId, history[0].GetProperty("recordId").GetString());
        await DelegationKit.EventuallyAsync(() => api.Service<DelegationStore>().DueAsync(clock.GetUtcNow(), default), due => due.Count == 0);

        // Its open-request claim went with it.
        await api.InviteAsync(manager, person);
    }

    [Fact]
    public async Task AnAnsweredRequestWhoseWorkflowIsGone_IsTakenOffTheDueIndexByTheResumeTimer()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = await ApiHost.StartAsync(services: services => services.AddSingleton<TimeProvider>(clock));
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);
        await api.DropWorkflowAsync(invitationId);
        await (await api.PostAsync(await api.PersonalLoginAsync(person), $"/api/me/authorizations/{invitationId}/confirm")).AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Single(await api.Service<DelegationStore>().DueAsync(clock.GetUtcNow().AddDays(8), default), due => due.RequestId == invitationId);

        clock.Advance(TimeSpan.FromDays(7) + DelegationResume.Grace + TimeSpan.FromMinutes(10));

        await DelegationKit.EventuallyAsync(
            async () => (await api.Service<DelegationStore>().DueAsync(clock.GetUtcNow(), default)).Count(due => due.RequestId == invitationId),
            count => count == 0);
        var manager = await api.EnterpriseLoginAsync(enterprise.LegalRepresentative, enterprise.CreditCode);
        Assert.Single((await api.ListAsync(manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", person.PersonId)));
        Assert.Empty(await api.HistoryAsync(manager));
    }
}
