using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Events;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Events;

/// <summary>A publisher that records what it is given, and can be told to fail.</summary>
public sealed class RecordingPublisher : IEventPublisher
{
    private readonly List<DomainEvent> published = [];

    public bool Failing { get; set; }

    public bool IsEnabled => true;

    public IReadOnlyList<DomainEvent> Published
    {
        get
        {
            lock (published)
            {
                return [.. published];
            }
        }
    }

    public Task PublishAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            throw new InvalidOperationException("Service Bus is down.");
        }

        lock (published)
        {
            published.AddRange(events);
        }

        return Task.CompletedTask;
    }
}

public sealed class OutboxTests
{
    private static async Task<List<OutboxEntity>> OutboxOfAsync(ApiHost api, string personId)
    {
        var table = await api.Services.GetRequiredService<TableStore>().GetTableAsync(TableNames.Persons);
        var rows = new List<OutboxEntity>();
        await foreach (var row in table.QueryAsync<OutboxEntity>(OutboxEntity.InPartition(personId)))
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task Registration_WithoutServiceBus_LeavesTheEventInTheOutbox()
    {
        await using var api = await ApiHost.StartAsync();

        var person = await api.RegisterAsync();

        var row = Assert.Single(await OutboxOfAsync(api, person.PersonId));
        Assert.Equal(EventTypes.PersonRegistered, row.Type);
        Assert.Equal(person.PersonId, row.SubjectId);
    }

    [Fact]
    public async Task Registration_WithAPublisher_PublishesTheEventAndEmptiesTheOutbox()
    {
        var publisher = new RecordingPublisher();
        await using var api = await ApiHost.StartAsync(services: services => services.AddSingleton<IEventPublisher>(publisher));

        var person = await api.RegisterAsync();

        var published = Assert.Single(publisher.Published, domainEvent => domainEvent.SubjectId == person.PersonId);
        Assert.Equal(EventTypes.PersonRegistered, published.Type);
        Assert.Empty(await OutboxOfAsync(api, person.PersonId));
    }

    [Fact]
    public async Task PublisherDown_RegistrationStillSucceeds_AndTheSweepPublishesLater()
    {
        var publisher = new RecordingPublisher { Failing = true };
        await using var api = await ApiHost.StartAsync(services: services => services.AddSingleton<IEventPublisher>(publisher));

        var person = await api.RegisterAsync();
        Assert.Single(await OutboxOfAsync(api, person.PersonId));

        publisher.Failing = false;
        await api.Services.GetRequiredService<OutboxSweep>().RunAsync(default);

        Assert.Single(publisher.Published, domainEvent => domainEvent.SubjectId == person.PersonId && domainEvent.Type == EventTypes.PersonRegistered);
        Assert.Empty(await OutboxOfAsync(api, person.PersonId));
    }
}
