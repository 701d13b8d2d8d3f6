using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.LocalHost.Http;

/// <summary>
/// Maps each HTTP function to a Kestrel endpoint with the route and verbs of its trigger, under host.json's
/// route prefix. Each request runs in its own DI scope (the request's services), in which the function class
/// is built, as the isolated worker does. Unmatched routes get the server's plain 404, as in Azure.
/// </summary>
public static class HttpFunctionEndpoints
{
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions, HostJson hostJson)
    {
        foreach (var function in functions)
        {
            var invoke = CreateInvoker(function);
            endpoints.MapMethods(hostJson.RouteFor(function.Route), function.Methods, invoke)
                .WithDisplayName(function.Name);
        }
    }

    private static RequestDelegate CreateInvoker(HttpFunction function)
    {
        var method = function.Method;
        if (!typeof(Task<IActionResult>).IsAssignableFrom(method.ReturnType))
        {
            throw new NotSupportedException($"Function {function.Name} must return Task<IActionResult> to run on the local host.");
        }

        var binders = method.GetParameters().Select(parameter => Binder(function, parameter)).ToArray();
        return async context =>
        {
            var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(context.RequestServices, method.DeclaringType!);
            var arguments = binders.Select(bind => bind(context)).ToArray();
            var result = await (Task<IActionResult>)method.Invoke(instance, arguments)!;
            await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        };
    }

    private static Func<HttpContext, object?> Binder(HttpFunction function, ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context => context.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context => context.RequestAborted;
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return context => context.RequestServices.GetRequiredService<DurableTaskClient>();
        }

        var name = parameter.Name!;
        if (function.Route.Contains('{' + name, StringComparison.Ordinal) || function.Route.Contains("{*" + name, StringComparison.Ordinal))
        {
            var converter = TypeDescriptor.GetConverter(parameter.ParameterType);
            return context => context.GetRouteValue(name) is { } value ? converter.ConvertFromInvariantString(value.ToString()!) : null;
        }

        throw new NotSupportedException($"The local host can't bind parameter '{name}' of function {function.Name}.");
    }
}
