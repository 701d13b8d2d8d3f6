using TaxIdentity.Functions;
using TaxIdentity.LocalHost;
using TaxIdentity.LocalHost.Timers;

namespace TaxIdentity.Tests.LocalHost;

public sealed class TriggerCoverageTests
{
    [Fact]
    public void EveryTriggerTypeTheAppUses_IsServedByTheLocalHost()
    {
        var functions = FunctionMethods.In(typeof(FunctionsServices).Assembly).ToList();

        Assert.NotEmpty(functions);
        Assert.All(functions, method =>
        {
            var trigger = FunctionMethods.TriggerOf(method);
            Assert.True(trigger is not null, $"{method.Name} has no trigger");
            Assert.True(FunctionMethods.ServedTriggers.Contains(trigger.GetType()), $"{method.Name} uses {trigger.GetType().Name}, which the local host does not serve");
        });
    }

    [Fact]
    public void TimerFunctions_AreDiscoveredFromTheirAttributes()
    {
        var timers = TimerTriggerScheduler.Discover([typeof(FunctionsServices).Assembly]);

        Assert.Contains(timers, timer => timer.Method.Name == "SweepOutbox");
    }
}
