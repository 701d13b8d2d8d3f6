using System.Reflection;
using TaxIdentity.Functions;

namespace TaxIdentity.TestFunctions;

public static class TestFunctionServices
{
    /// <summary>The app's functions and the test ones.</summary>
    public static IReadOnlyList<Assembly> Assemblies { get; } = [typeof(FunctionsServices).Assembly, typeof(TestFunctionServices).Assembly];

    public static IServiceCollection AddTestFunctions(this IServiceCollection services)
    {
        services.AddSingleton<ScopeLog>();
        services.AddScoped<ScopedProbe>();
        return services;
    }
}
