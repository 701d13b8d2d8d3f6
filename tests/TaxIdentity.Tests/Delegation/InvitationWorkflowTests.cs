using System.Net;
using Microsoft.DurableTask.Client;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Delegation;

/// <summary>D3: one durable workflow per invitation; expiry, racing answers, late events, missing instances.</summary>
public sealed class InvitationWorkflowTests
{
    [Fact]
    public async Task AnUnansweredInvitation_ExpiresAfterTheConfiguredPeriod_IntoHistory()
    {
        await using var api = await ApiHost.StartAsync(settings => settings["Delegation:Expiry"] = "00:00:02");
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);

        var expired = await DelegationKit.EventuallyAsync(
            () => api.HistoryAsync(enterprise.Manager),
            history => history.Length == 1);

        var record = expired[0];
        Assert.Equal("expired", record.GetProperty("kind").GetString());
        Assert.Equal("invitation", record.GetProperty("source").GetString());
        Assert.Equal("expired", (await api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString());
        Assert.Empty((await api.ListAsync(enterprise.Manager, "/api/enterprise/invitations")));
        var invitee = await api.PersonalLoginAsync(person);
        await (await api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/confirm")).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");

        // The open-request claim went with it: the person can be invited again.
        await api.InviteAsync(enterprise.Manager, person);
    }

    [Fact]
    public async Task AnInvitationPastItsExpiry_CanNotBeConfirmed_EvenBeforeItsTimerFires()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock);
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);
        var invitee = await api.PersonalLoginAsync(person);

        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        invitee = await api.PersonalLoginAsync(person);
        var manager = await api.EnterpriseLoginAsync(enterprise.LegalRepresentative, enterprise.CreditCode);
        var confirm = await api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/confirm");

        await confirm.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("expired", (await api.ReadAsync(manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString());
        Assert.Empty((await api.ListAsync(invitee, "/api/me/authorizations")));
        Assert.Empty((await api.ListAsync(manager, "/api/enterprise/invitations")));
        Assert.Empty((await api.ListAsync(manager, "/api/enterprise/handlers")).WithProperty("identityType", "taxClerk"));
    }

    [Fact]
    public async Task ConfirmAndWithdraw_SentAtTheSameMoment_ExactlyOneWins_EveryTime()
    {
        await using var api = await ApiHost.StartAsync();
        var enterprise = await api.EnterpriseWithManagerAsync();
        for (var round = 0; round < 12; round++)
        {
            var person = await api.RegisterAsync();
            var invitee = await api.PersonalLoginAsync(person);
            var invitationId = await api.InviteAsync(enterprise.Manager, person);

            var confirm = api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/confirm");
            var withdraw = api.PostAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}/withdraw");
            var answers = await Task.WhenAll(confirm, withdraw);

            Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.NoContent);
            Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.Conflict);
            var status = (await api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString()!;
            var handler = (await api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", person.PersonId));
            var withdrawn = (await api.HistoryAsync(enterprise.Manager))
                .Count(record => record.GetProperty("kind").GetString() == "withdrawn" && record.GetProperty("recordId").GetString() == invitationId);
            if (answers[0].StatusCode == HttpStatusCode.NoContent)
            {
                Assert.Equal("confirmed", status);
                Assert.Single(handler);
                Assert.Equal(0, withdrawn);
            }
            else
            {
                Assert.Equal("withdrawn", status);
                Assert.Empty(handler);
                Assert.Equal(1, withdrawn);
            }
        }
    }

    [Fact]
    public async Task AnEventForAFinishedInvitation_ChangesNothing()
    {
        await using var api = await ApiHost.StartAsync();
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);
        await (await api.PostAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}/withdraw")).AssertOkAsync(HttpStatusCode.NoContent);
        var durable = api.Service<DurableTaskClient>();

        await durable.RaiseEventAsync(invitationId, "Confirm", new { });
        var invitee = await api.PersonalLoginAsync(person);
        var confirm = await api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/confirm");

        await confirm.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        var instance = await durable.GetInstanceAsync(invitationId, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance!.RuntimeStatus);
        Assert.Equal("withdrawn", instance.ReadOutputAs<string>());
        Assert.Equal("withdrawn", (await api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString());
        Assert.Empty((await api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "taxClerk"));
        Assert.Single(await api.HistoryAsync(enterprise.Manager));
    }

    [Fact]
    public async Task AnInvitationWhoseWorkflowInstanceIsMissing_IsStillAnsweredAtItsRow()
    {
        await using var api = await ApiHost.StartAsync();
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);
        await api.DropWorkflowAsync(invitationId);
        Assert.Null(await api.Service<DurableTaskClient>().GetInstanceAsync(invitationId));

        var invitee = await api.PersonalLoginAsync(person);
        await (await api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/confirm")).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Single((await api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", person.PersonId)));
        Assert.Equal("confirmed", (await api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnInvitationWhoseWorkflowFailed_IsStillWithdrawnAtItsRow()
    {
        await using var api = await ApiHost.StartAsync();
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);
        var durable = api.Service<DurableTaskClient>();
        await durable.TerminateInstanceAsync(invitationId, "simulated failure");
        await durable.WaitForInstanceCompletionAsync(invitationId);

        await (await api.PostAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}/withdraw")).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal("withdrawn", (await api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString());
    }
}
