using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace TaxIdentity.LocalHost.Timers;

/// <summary>
/// Runs every [TimerTrigger] function of the app on its CRON schedule (six fields, seconds first, parsed with
/// NCrontab as the Functions host does; <c>%Setting%</c> schedules read from configuration; disabled as the host
/// disables functions), each invocation in a DI scope of its own. Runs never overlap per function. Schedules use the
/// host's TimeProvider in UTC.
/// </summary>
public sealed partial class TimerTriggerScheduler(
    IServiceProvider services, IConfiguration configuration, TimeProvider time, ILogger<TimerTriggerScheduler> logger, IReadOnlyList<Assembly> functions)
    : BackgroundService
{
    public static IReadOnlyList<(MethodInfo Method, TimerTriggerAttribute Trigger)> Discover(IEnumerable<Assembly> assemblies) =>
        [.. from method in assemblies.SelectMany(FunctionMethods.In)
            let trigger = FunctionMethods.TriggerOf(method) as TimerTriggerAttribute
            where trigger is not null
            select (method, trigger)];

    /// <summary>The timer functions this host runs: all it discovered but those disabled by setting.</summary>
    public IReadOnlyList<(MethodInfo Method, TimerTriggerAttribute Trigger)> Scheduled =>
        [.. Discover(functions).Where(timer => !IsDisabled(timer.Method))];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Scheduled.Select(timer => RunOnScheduleAsync(timer.Method, timer.Trigger, stoppingToken)));

    /// <summary>The Functions host's switch: the app setting <c>AzureWebJobs.{name}.Disabled</c> (or <c>AzureWebJobs__{name}__Disabled</c>).</summary>
    private bool IsDisabled(MethodInfo method)
    {
        var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
        var value = configuration[$"AzureWebJobs.{name}.Disabled"] ?? configuration[$"AzureWebJobs:{name}:Disabled"];
        return bool.TryParse(value, out var disabled) && disabled;
    }

    private async Task RunOnScheduleAsync(MethodInfo method, TimerTriggerAttribute trigger, CancellationToken stoppingToken)
    {
        var schedule = CrontabSchedule.Parse(ResolveSetting(trigger.Schedule), new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var last = (DateTime?)null;
        if (trigger.RunOnStartup)
        {
            await InvokeAsync(method, last, schedule, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await InvokeAsync(method, last, schedule, stoppingToken);
            last = next;
        }
    }

    private async Task InvokeAsync(MethodInfo method, DateTime? last, CrontabSchedule schedule, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var timer = new TimerInfo
        {
            ScheduleStatus = new ScheduleStatus { Last = last ?? default, Next = schedule.GetNextOccurrence(now), LastUpdated = now },
            IsPastDue = false,
        };
        try
        {
            await using var scope = services.CreateAsyncScope();
            var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
            var arguments = method.GetParameters()
                .Select(parameter => parameter.ParameterType == typeof(TimerInfo) ? timer
                    : parameter.ParameterType == typeof(CancellationToken) ? (object)stoppingToken
                    : throw new NotSupportedException($"The local host can't bind parameter '{parameter.Name}' of timer function {method.Name}."))
                .ToArray();
            if (method.Invoke(instance, arguments) is Task task)
            {
                await task;
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogTimerFailed(logger, e, method.Name);
        }
    }

    /// <summary>A schedule written as <c>%Name%</c> is read from the setting of that name, as the Functions host does.</summary>
    private string ResolveSetting(string schedule) =>
        schedule.Length > 2 && schedule.StartsWith('%') && schedule.EndsWith('%')
            ? configuration[schedule[1..^1].Replace("__", ":", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"The timer schedule setting {schedule[1..^1]} is not set.")
            : schedule;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {Function} failed; it runs again at its next occurrence")]
    private static partial void LogTimerFailed(ILogger logger, Exception exception, string function);
}
