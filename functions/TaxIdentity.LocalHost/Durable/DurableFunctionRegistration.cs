using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace TaxIdentity.LocalHost.Durable;

/// <summary>
/// Registers the Functions app's orchestrator and activity functions ([OrchestrationTrigger],
/// [ActivityTrigger]) with the Durable Task worker under their function names, invoked as the isolated
/// worker invokes them: the function class built by DI for each invocation (an activity inside the scope the
/// worker opens for it), the orchestrator's input bound to its first parameter without a binding.
/// </summary>
public static class DurableFunctionRegistration
{
    public static void Register(DurableTaskRegistry registry, IEnumerable<Assembly> assemblies, IServiceProvider root)
    {
        foreach (var method in assemblies.SelectMany(FunctionMethods.In))
        {
            var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
            var parameters = method.GetParameters();
            if (parameters.Any(parameter => parameter.IsDefined(typeof(OrchestrationTriggerAttribute))))
            {
                var orchestrator = new FunctionOrchestrator(method, root);
                registry.AddOrchestrator(name, () => orchestrator);
            }
            else if (parameters.FirstOrDefault(parameter => parameter.IsDefined(typeof(ActivityTriggerAttribute))) is { } input)
            {
                registry.AddActivity(name, services => new FunctionActivity(method, input, services));
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

    private static NotSupportedException Unbindable(MethodInfo method, ParameterInfo parameter) =>
        new($"The local host can't bind parameter '{parameter.Name}' of function {method.Name}.");

    /// <summary>
    /// An orchestrator function. As the worker's OrchestrationInputConverter does, the input is the first
    /// parameter that has no binding attribute and is not a FunctionContext or CancellationToken; without one
    /// the input stays untyped. The class is built from the container at every execution, as the worker's
    /// function activator does; orchestrator code must not use scoped services (it does no I/O).
    /// </summary>
    private sealed class FunctionOrchestrator : ITaskOrchestrator
    {
        private readonly MethodInfo method;
        private readonly IServiceProvider root;
        private readonly ParameterInfo? input;

        public FunctionOrchestrator(MethodInfo method, IServiceProvider root)
        {
            this.method = method;
            this.root = root;
            input = method.GetParameters().FirstOrDefault(parameter =>
                parameter.ParameterType != typeof(FunctionContext) && parameter.ParameterType != typeof(CancellationToken)
                && !parameter.GetCustomAttributes().Any(attribute => attribute is Microsoft.Azure.Functions.Worker.Extensions.Abstractions.BindingAttribute));
            foreach (var parameter in method.GetParameters().Where(parameter => parameter != input
                && !parameter.IsDefined(typeof(OrchestrationTriggerAttribute)) && parameter.ParameterType != typeof(CancellationToken)))
            {
                throw Unbindable(method, parameter);
            }
        }

        public Type InputType => input?.ParameterType ?? typeof(object);

        public Type OutputType => ResultType(method);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(root, method.DeclaringType!);
            var arguments = method.GetParameters()
                .Select(parameter => parameter.IsDefined(typeof(OrchestrationTriggerAttribute)) ? context
                    : parameter == this.input ? input
                    : (object)CancellationToken.None)
                .ToArray();
            return AwaitResult(method.Invoke(instance, arguments));
        }
    }

    /// <summary>An activity function: its class built in the invocation's scope, the input typed as its trigger parameter.</summary>
    private sealed class FunctionActivity(MethodInfo method, ParameterInfo trigger, IServiceProvider services) : ITaskActivity
    {
        public Type InputType => trigger.ParameterType;

        public Type OutputType => ResultType(method);

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
            var arguments = method.GetParameters()
                .Select(parameter => parameter == trigger ? input
                    : parameter.ParameterType == typeof(CancellationToken) ? CancellationToken.None
                    : throw Unbindable(method, parameter))
                .ToArray();
            return AwaitResult(method.Invoke(instance, arguments));
        }
    }
}
