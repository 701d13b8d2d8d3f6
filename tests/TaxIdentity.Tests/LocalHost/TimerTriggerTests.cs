using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Events;
using TaxIdentity.LocalHost.Timers;
using TaxIdentity.Tests.Events;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.LocalHost;

public sealed class TimerTriggerTests
{
    [Fact]
    public async Task TheOutboxSweep_RunsFromItsTimerTriggerSchedule()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var publisher = new RecordingPublisher { Failing = true };
        await using var api = await ApiHost.StartAsync(services: services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<IEventPublisher>(publisher);
        });
        var person = await api.RegisterAsync();
        publisher.Failing = false;
        Assert.Empty(publisher.Published);

        clock.Advance(TimeSpan.FromMinutes(1));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!publisher.Published.Any(domainEvent => domainEvent.SubjectId == person.PersonId) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Single(publisher.Published, domainEvent => domainEvent.SubjectId == person.PersonId && domainEvent.Type == EventTypes.PersonRegistered);
    }

    [Fact]
    public async Task ATimerFunction_DisabledByTheHostsSetting_IsNotScheduled()
    {
        await using var enabled = await ApiHost.StartAsync();
        await using var disabled = await ApiHost.StartAsync(settings => settings["AzureWebJobs.SweepOutbox.Disabled"] = "true");

        Assert.Contains(SchedulerOf(enabled).Scheduled, timer => timer.Method.Name == "SweepOutbox");
        Assert.DoesNotContain(SchedulerOf(disabled).Scheduled, timer => timer.Method.Name == "SweepOutbox");
    }

    private static TimerTriggerScheduler SchedulerOf(ApiHost api) =>
        api.Services.GetServices<IHostedService>().OfType<TimerTriggerScheduler>().Single();
}
