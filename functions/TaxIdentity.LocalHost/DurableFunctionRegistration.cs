using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace TaxIdentity.LocalHost;

/// <summary>
/// Registers the Functions app's orchestrator and activity functions ([OrchestrationTrigger],
/// [ActivityTrigger]) with the in-process Durable Task engine under their function names.
/// </summary>
public static class DurableFunctionRegistration
{
    public static void Register(DurableTaskRegistry registry, Assembly assembly)
    {
        foreach (var method in assembly.GetTypes().SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
            {
                continue;
            }

            var parameters = method.GetParameters();
            if (parameters.Any(parameter => parameter.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null))
            {
                registry.AddOrchestrator(function.Name, () => new ReflectedOrchestrator(method));
            }
            else if (parameters.FirstOrDefault(parameter => parameter.GetCustomAttribute<ActivityTriggerAttribute>() is not null) is { } input)
            {
                registry.AddActivity(function.Name, services => new ReflectedActivity(method, input, services));
            }
        }
    }

    private static async Task<object?> AwaitResult(object? returned)
    {
        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
    }

    private static Type ResultType(MethodInfo method) =>
        method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
            ? method.ReturnType.GetGenericArguments()[0]
            : method.ReturnType == typeof(Task) ? typeof(object) : method.ReturnType;

    /// <summary>
    /// An orchestrator function. As in the Functions worker, its input is the one parameter that is not the
    /// context (the preferred form); without one the input stays untyped.
    /// </summary>
    private sealed class ReflectedOrchestrator(MethodInfo method) : ITaskOrchestrator
    {
        private readonly ParameterInfo? input = method.GetParameters().FirstOrDefault(parameter => parameter.ParameterType != typeof(TaskOrchestrationContext));

        public Type InputType => input?.ParameterType ?? typeof(object);

        public Type OutputType => ResultType(method);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            var instance = method.IsStatic ? null : Activator.CreateInstance(method.DeclaringType!);
            var arguments = method.GetParameters()
                .Select(parameter => parameter.ParameterType == typeof(TaskOrchestrationContext) ? context : input)
                .ToArray();
            return AwaitResult(method.Invoke(instance, arguments));
        }
    }

    /// <summary>An activity function: an instance built from the container, the input typed as its trigger parameter.</summary>
    private sealed class ReflectedActivity(MethodInfo method, ParameterInfo trigger, IServiceProvider services) : ITaskActivity
    {
        public Type InputType => trigger.ParameterType;

        public Type OutputType => ResultType(method);

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
            var arguments = method.GetParameters()
                .Select(parameter => parameter == trigger ? input
                    : parameter.ParameterType == typeof(CancellationToken) ? CancellationToken.None
                    : throw new NotSupportedException($"The local host can't bind parameter '{parameter.Name}' of activity {method.Name}."))
                .ToArray();
            return AwaitResult(method.Invoke(instance, arguments));
        }
    }
}
