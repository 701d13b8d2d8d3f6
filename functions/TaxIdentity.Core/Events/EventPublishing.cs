using System.ComponentModel.DataAnnotations;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;

namespace TaxIdentity.Core.Events;

/// <summary>Where domain events go. Bound from the <c>ServiceBus</c> section.</summary>
public sealed class ServiceBusOptions
{
    public const string Section = "ServiceBus";

    /// <summary>Namespace host name (name.servicebus.windows.net), reached with the managed identity; unset keeps events in the outbox.</summary>
    [RegularExpression(@"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$", ErrorMessage = "ServiceBus:FullyQualifiedNamespace (ServiceBus__FullyQualifiedNamespace) must be a host name.")]
    public string? FullyQualifiedNamespace { get; set; }

    [Required(ErrorMessage = "ServiceBus:Topic (ServiceBus__Topic) is required.")]
    public string Topic { get; set; } = "events";
}

/// <summary>Publishes events; <see cref="IsEnabled"/> is false when there is nowhere to publish to.</summary>
public interface IEventPublisher
{
    bool IsEnabled { get; }

    Task PublishAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken);
}

/// <summary>
/// Sends events to the Service Bus topic. The message ID is the event ID, so with the topic's duplicate
/// detection a re-sent event (the outbox delivers at least once) is dropped by Service Bus.
/// </summary>
public sealed class ServiceBusEventPublisher : IEventPublisher, IAsyncDisposable
{
    private readonly IOptions<ServiceBusOptions> options;
    private readonly Lazy<(ServiceBusClient? Client, ServiceBusSender Sender)> connection;

    public ServiceBusEventPublisher(IOptions<ServiceBusOptions> options)
        : this(options, () =>
        {
            var client = new ServiceBusClient(options.Value.FullyQualifiedNamespace, new DefaultAzureCredential());
            return (client, client.CreateSender(options.Value.Topic));
        })
    {
    }

    /// <summary>Sends through the given sender (tests record what would go to the topic).</summary>
    internal ServiceBusEventPublisher(IOptions<ServiceBusOptions> options, ServiceBusSender sender)
        : this(options, () => (null, sender))
    {
    }

    private ServiceBusEventPublisher(IOptions<ServiceBusOptions> options, Func<(ServiceBusClient?, ServiceBusSender)> connect)
    {
        this.options = options;
        connection = new Lazy<(ServiceBusClient?, ServiceBusSender)>(connect);
    }

    public bool IsEnabled => !string.IsNullOrEmpty(options.Value.FullyQualifiedNamespace);

    public async Task PublishAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        if (!IsEnabled || events.Count == 0)
        {
            return;
        }

        var messages = events.Select(domainEvent => new ServiceBusMessage(domainEvent.Data)
        {
            MessageId = domainEvent.EventId,
            Subject = domainEvent.Type,
            ContentType = "application/json",
            ApplicationProperties = { ["subjectId"] = domainEvent.SubjectId, ["occurredAt"] = domainEvent.OccurredAt.ToString("O") },
        });
        await connection.Value.Sender.SendMessagesAsync(messages, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (connection.IsValueCreated)
        {
            await connection.Value.Sender.DisposeAsync();
            if (connection.Value.Client is { } client)
            {
                await client.DisposeAsync();
            }
        }
    }
}
