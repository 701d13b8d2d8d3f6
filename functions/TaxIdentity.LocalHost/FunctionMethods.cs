using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace TaxIdentity.LocalHost;

/// <summary>The app's functions as the worker finds them: public methods carrying [Function], and their triggers.</summary>
public static class FunctionMethods
{
    /// <summary>The trigger types the local host serves; a function with any other trigger would silently never run.</summary>
    public static IReadOnlySet<Type> ServedTriggers { get; } = new HashSet<Type>
    {
        typeof(HttpTriggerAttribute),
        typeof(OrchestrationTriggerAttribute),
        typeof(ActivityTriggerAttribute),
        typeof(TimerTriggerAttribute),
    };

    public static IEnumerable<MethodInfo> In(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        where method.IsDefined(typeof(FunctionAttribute))
        select method;

    /// <summary>The trigger attribute on one of the function's parameters.</summary>
    public static TriggerBindingAttribute? TriggerOf(MethodInfo method) =>
        method.GetParameters().Select(parameter => parameter.GetCustomAttribute<TriggerBindingAttribute>(inherit: true)).FirstOrDefault(found => found is not null);
}
