using System.Net;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.Events;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Delegation;

/// <summary>A Service Bus sender that records the messages it is given, and can be told to fail or to fail after the broker took them.</summary>
public sealed class RecordingSender : ServiceBusSender
{
    private readonly List<ServiceBusMessage> sent = [];

    /// <summary>Refuses every send (Service Bus unreachable).</summary>
    public bool Refusing { get; set; }

    /// <summary>Takes the messages, then fails as a timeout would after the broker accepted them.</summary>
    public bool FailingAfterSend { get; set; }

    public IReadOnlyList<ServiceBusMessage> Sent
    {
        get
        {
            lock (sent)
            {
                return [.. sent];
            }
        }
    }

    public override Task SendMessagesAsync(IEnumerable<ServiceBusMessage> messages, CancellationToken cancellationToken = default)
    {
        if (Refusing)
        {
            throw new ServiceBusException("Service Bus is unreachable.", ServiceBusFailureReason.ServiceCommunicationProblem);
        }

        lock (sent)
        {
            sent.AddRange(messages);
        }

        return FailingAfterSend ? throw new TimeoutException("The send timed out after the broker took it.") : Task.CompletedTask;
    }
}

/// <summary>K3: the outbox dispatcher with the Service Bus publisher, on a recording sender.</summary>
public sealed class EventDispatchTests
{
    [Fact]
    public async Task EachEvent_IsSentWithItsIdAsMessageId_AndAFailedSendIsRetriedLaterWithoutLossOrDuplication()
    {
        var sender = new RecordingSender { Refusing = true };
        var publisher = new ServiceBusEventPublisher(Options.Create(new ServiceBusOptions { FullyQualifiedNamespace = "sb-test.servicebus.windows.net" }), sender);
        await using var api = await ApiHost.StartAsync(services: services => services.AddSingleton<IEventPublisher>(publisher));
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person);
        await (await api.PostAsync(await api.PersonalLoginAsync(person), $"/api/me/authorizations/{invitationId}/confirm")).AssertOkAsync(HttpStatusCode.NoContent);
        var pending = await OutboxAsync(api, enterprise.EnterpriseId);
        Assert.Equal(["handlerInvited", "invitationConfirmed"], pending.Select(row => row.Type).Order(StringComparer.Ordinal));
        Assert.Empty(sender.Sent);

        // Service Bus back, but the first send times out after the broker took the messages: they stay in the outbox.
        sender.Refusing = false;
        sender.FailingAfterSend = true;
        await Assert.ThrowsAsync<AggregateException>(() => api.Service<OutboxSweep>().RunAsync(default));
        Assert.Equal(2, (await OutboxAsync(api, enterprise.EnterpriseId)).Count);
        sender.FailingAfterSend = false;
        await api.Service<OutboxSweep>().RunAsync(default);
        await api.Service<OutboxSweep>().RunAsync(default);

        Assert.Empty(await OutboxAsync(api, enterprise.EnterpriseId));
        var ours = sender.Sent.Where(message => pending.Any(row => row.RowKey == OutboxEntity.RowPrefix + message.MessageId)).ToList();
        foreach (var row in pending)
        {
            // Every event reached the topic, each send under the event's ID, so duplicate detection keeps one.
            var copies = ours.Where(message => OutboxEntity.RowPrefix + message.MessageId == row.RowKey).ToList();
            Assert.Equal(2, copies.Count);
            Assert.All(copies, message => Assert.Equal(row.Type, message.Subject));
            Assert.All(copies, message => Assert.Equal(row.Data, message.Body.ToString()));
        }

        Assert.Equal(2, ours.Select(message => message.MessageId).Distinct().Count());
        Assert.Contains(ours, message => (string)message.ApplicationProperties["subjectId"] == invitationId && message.Subject == DelegationEventTypes.InvitationConfirmed);
    }

    private static async Task<List<OutboxEntity>> OutboxAsync(ApiHost api, string enterpriseId)
    {
        var table = await api.Service<TableStore>().GetTableAsync(TableNames.Delegations);
        var rows = new List<OutboxEntity>();
        await foreach (var row in table.QueryAsync<OutboxEntity>(OutboxEntity.InPartition(DelegationKeys.Enterprise(enterpriseId))))
        {
            rows.Add(row);
        }

        return rows;
    }
}
