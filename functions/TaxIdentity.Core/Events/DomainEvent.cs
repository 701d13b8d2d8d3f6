using Azure.Data.Tables;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Events;

/// <summary>Something that happened, for other systems: published to the Service Bus topic through the outbox.</summary>
public sealed record DomainEvent(string EventId, string Type, string SubjectId, DateTimeOffset OccurredAt, string Data);

public static class EventTypes
{
    public const string PersonRegistered = "person.registered";
    public const string PasswordChanged = "person.passwordChanged";
}

/// <summary>
/// An event waiting to be published, stored in the partition of the entity that changed (row
/// "outbox|{eventId}") so that it is written in the same table transaction as the change.
/// </summary>
public sealed class OutboxEntity : TableRow
{
    public const string RowPrefix = "outbox|";

    public string Type { get; set; } = string.Empty;
    public string SubjectId { get; set; } = string.Empty;
    public DateTimeOffset OccurredAt { get; set; }
    public string Data { get; set; } = "{}";

    public static OutboxEntity For(string partitionKey, DomainEvent domainEvent) => new()
    {
        PartitionKey = partitionKey,
        RowKey = RowPrefix + domainEvent.EventId,
        Type = domainEvent.Type,
        SubjectId = domainEvent.SubjectId,
        OccurredAt = domainEvent.OccurredAt,
        Data = domainEvent.Data,
    };

    public DomainEvent ToEvent() => new(RowKey[RowPrefix.Length..], Type, SubjectId, OccurredAt, Data);

    public static string InPartition(string partitionKey) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {RowPrefix} and RowKey lt {TableKeys.PrefixEnd(RowPrefix)}");

    public static string Anywhere() =>
        TableClient.CreateQueryFilter($"RowKey ge {RowPrefix} and RowKey lt {TableKeys.PrefixEnd(RowPrefix)}");
}
