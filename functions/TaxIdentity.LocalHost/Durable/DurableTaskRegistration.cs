using System.Reflection;
using Microsoft.DurableTask;

namespace TaxIdentity.LocalHost.Durable;

/// <summary>
/// Registers the orchestrator and activity classes (<see cref="TaskOrchestrator{TInput,TOutput}"/>,
/// <see cref="TaskActivity{TInput,TOutput}"/>) by type, under their class names, as the Functions app's two-line
/// wrappers name them: the worker builds each orchestrator afresh and each activity in the scope it opens for it.
/// </summary>
public static class DurableTaskRegistration
{
    public static void Register(DurableTaskRegistry registry, IEnumerable<Assembly> assemblies)
    {
        foreach (var type in assemblies.Distinct().SelectMany(assembly => assembly.GetExportedTypes()).Where(type => type is { IsClass: true, IsAbstract: false }))
        {
            if (typeof(ITaskOrchestrator).IsAssignableFrom(type))
            {
                registry.AddOrchestrator(type);
            }
            else if (typeof(ITaskActivity).IsAssignableFrom(type))
            {
                registry.AddActivity(type);
            }
        }
    }
}
