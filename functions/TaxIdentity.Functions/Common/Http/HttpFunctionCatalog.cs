using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace TaxIdentity.Functions.Common.Http;

/// <summary>One HTTP-triggered function as its attributes declare it.</summary>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, MethodInfo Method, ApiDocAttribute? Doc)
{
    /// <summary>D10: the function the caller's current identity must hold, from <see cref="RequiresFunctionAttribute"/>.</summary>
    public string? RequiredFunction => Method.GetCustomAttribute<RequiresFunctionAttribute>()?.Code;
}

/// <summary>
/// Reads the HTTP functions from their [Function] and [HttpTrigger] attributes: the single source of
/// truth for the local host's routes and the OpenAPI document.
/// </summary>
public static class HttpFunctionCatalog
{
    public const string RoutePrefix = "api";

    public static IReadOnlyList<HttpFunction> All { get; } = Discover(typeof(HttpFunctionCatalog).Assembly);

    private static readonly Dictionary<string, string?> RequiredFunctions =
        All.ToDictionary(function => function.Name, function => function.RequiredFunction, StringComparer.Ordinal);

    /// <summary>The function (D10) the HTTP function of this name requires; null for none (or no such function).</summary>
    public static string? RequiredFunctionOf(string functionName) => RequiredFunctions.GetValueOrDefault(functionName);

    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly) =>
    [
        .. from type in assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
           let function = method.GetCustomAttribute<FunctionAttribute>()
           let trigger = method.GetParameters().Select(parameter => parameter.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(found => found is not null)
           where function is not null && trigger is not null
           orderby trigger.Route, function.Name
           select new HttpFunction(
               function.Name,
               trigger.Route ?? function.Name,
               [.. (trigger.Methods ?? ["get", "post", "put", "patch", "delete"]).Select(verb => verb.ToUpperInvariant())],
               method,
               method.GetCustomAttribute<ApiDocAttribute>()),
    ];
}
