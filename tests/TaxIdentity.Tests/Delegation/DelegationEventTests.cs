using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Events;
using TaxIdentity.Tests.Events;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Delegation;

/// <summary>K3: every delegation outcome is written to the outbox with its change and published to the topic.</summary>
public sealed class DelegationEventTests
{
    [Fact]
    public async Task InvitationOutcomes_ArePublished_OncePerOutcome()
    {
        var publisher = new RecordingPublisher();
        await using var api = await ApiHost.StartAsync(services: services => services.AddSingleton<IEventPublisher>(publisher));
        var enterprise = await api.EnterpriseWithManagerAsync();

        var confirmed = await InviteAndAnswerAsync(api, enterprise, "confirm");
        var rejected = await InviteAndAnswerAsync(api, enterprise, "reject");
        var withdrawn = await api.InviteAsync(enterprise.Manager, await api.RegisterAsync());
        await (await api.PostAsync(enterprise.Manager, $"/api/enterprise/invitations/{withdrawn}/withdraw")).AssertOkAsync(HttpStatusCode.NoContent);

        // An answer returns once its workflow's activity has moved the row; the activity publishes right after that write.
        await DelegationKit.EventuallyAsync(
            () => Task.FromResult(publisher.Published),
            published => published.Any(e => e.Type == "invitationWithdrawn" && e.SubjectId == withdrawn)
                && published.Any(e => e.Type == "invitationRejected" && e.SubjectId == rejected)
                && published.Any(e => e.Type == "invitationConfirmed" && e.SubjectId == confirmed));
        foreach (var invitationId in new[] { confirmed, rejected, withdrawn })
        {
            Assert.Single(publisher.Published, e => e.Type == "handlerInvited" && e.SubjectId == invitationId);
        }

        var confirmation = Assert.Single(publisher.Published, e => e.Type == "invitationConfirmed" && e.SubjectId == confirmed);
        Assert.Single(publisher.Published, e => e.Type == "invitationRejected" && e.SubjectId == rejected);
        Assert.Single(publisher.Published, e => e.Type == "invitationWithdrawn" && e.SubjectId == withdrawn);
        using var data = JsonDocument.Parse(confirmation.Data);
        Assert.Equal(enterprise.EnterpriseId, data.RootElement.GetProperty("enterpriseId").GetString());
        Assert.Equal("taxClerk", data.RootElement.GetProperty("identityType").GetString());
        Assert.Equal(publisher.Published.Count, publisher.Published.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task ApplicationAndHandlerOutcomes_ArePublished()
    {
        var publisher = new RecordingPublisher();
        await using var api = await ApiHost.StartAsync(services: services => services.AddSingleton<IEventPublisher>(publisher));
        var enterprise = await api.EnterpriseWithManagerAsync();
        var approvedPerson = await api.RegisterAsync();
        var approved = await api.ApplyAsync(await api.PersonalLoginAsync(approvedPerson), enterprise.CreditCode);
        var rejected = await api.ApplyAsync(await api.PersonalLoginAsync(await api.RegisterAsync()), enterprise.CreditCode);
        var withdrawnBy = await api.PersonalLoginAsync(await api.RegisterAsync());
        var withdrawn = await api.ApplyAsync(withdrawnBy, enterprise.CreditCode);

        await (await api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{approved}/approve", new { functions = new[] { "queries" }, validUntil = api.InDays(5) }))
            .AssertOkAsync(HttpStatusCode.NoContent);
        await (await api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{rejected}/reject", new { })).AssertOkAsync(HttpStatusCode.NoContent);
        await (await api.PostAsync(withdrawnBy, $"/api/me/applications/{withdrawn}/withdraw")).AssertOkAsync(HttpStatusCode.NoContent);
        var handlerId = DelegationKit.HandlerId("taxClerk", approvedPerson.PersonId);
        await (await api.SendAsync(enterprise.Manager, HttpMethod.Patch, $"/api/enterprise/handlers/{handlerId}", new { functions = new[] { "queries", "invoiceUse" } })).AssertOkAsync();
        await (await api.SendAsync(enterprise.Manager, HttpMethod.Delete, $"/api/enterprise/handlers/{handlerId}")).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal(3, publisher.Published.Count(e => e.Type == "applicationSubmitted"));
        Assert.Single(publisher.Published, e => e.Type == "applicationApproved" && e.SubjectId == approved);
        Assert.Single(publisher.Published, e => e.Type == "applicationRejected" && e.SubjectId == rejected);
        Assert.Single(publisher.Published, e => e.Type == "applicationWithdrawn" && e.SubjectId == withdrawn);
        Assert.Single(publisher.Published, e => e.Type == "handlerUpdated" && e.SubjectId == handlerId);
        Assert.Single(publisher.Published, e => e.Type == "handlerDeleted" && e.SubjectId == handlerId);
    }

    [Fact]
    public async Task Expiries_ArePublished()
    {
        var publisher = new RecordingPublisher();
        await using var api = await ApiHost.StartAsync(
            settings => settings["Delegation:Expiry"] = "00:00:02", services => services.AddSingleton<IEventPublisher>(publisher));
        var enterprise = await api.EnterpriseWithManagerAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, await api.RegisterAsync());
        var applicationId = await api.ApplyAsync(await api.PersonalLoginAsync(await api.RegisterAsync()), enterprise.CreditCode);

        await DelegationKit.EventuallyAsync(
            () => Task.FromResult(publisher.Published),
            published => published.Any(e => e.Type == "invitationExpired" && e.SubjectId == invitationId)
                && published.Any(e => e.Type == "applicationExpired" && e.SubjectId == applicationId));
    }

    [Fact]
    public async Task PublisherDown_OutcomesStillApply_AndTheSweepPublishesEachEventOnce()
    {
        var publisher = new RecordingPublisher { Failing = true };
        await using var api = await ApiHost.StartAsync(services: services => services.AddSingleton<IEventPublisher>(publisher));
        var enterprise = await api.EnterpriseWithManagerAsync();
        var invitationId = await InviteAndAnswerAsync(api, enterprise, "confirm");
        Assert.Empty(publisher.Published);

        publisher.Failing = false;
        await api.Services.GetRequiredService<OutboxSweep>().RunAsync(default);
        await api.Services.GetRequiredService<OutboxSweep>().RunAsync(default);

        Assert.Single(publisher.Published, e => e.Type == "handlerInvited" && e.SubjectId == invitationId);
        Assert.Single(publisher.Published, e => e.Type == "invitationConfirmed" && e.SubjectId == invitationId);
        Assert.Equal(publisher.Published.Count, publisher.Published.Select(e => e.EventId).Distinct().Count());
    }

    private static async Task<string> InviteAndAnswerAsync(ApiHost api, TestEnterprise enterprise, string answer)
    {
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);
        await (await api.PostAsync(await api.PersonalLoginAsync(person), $"/api/me/authorizations/{invitationId}/{answer}")).AssertOkAsync(HttpStatusCode.NoContent);
        return invitationId;
    }
}
