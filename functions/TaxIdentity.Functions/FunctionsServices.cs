using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions;

/// <summary>Everything both hosts (the Functions worker and the local host) register.</summary>
public static class FunctionsServices
{
    public static IServiceCollection AddTaxIdentityFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTaxIdentityCore(configuration);
        services.AddValidatedOptions<HttpOptions>(configuration, HttpOptions.Section);
        services.AddValidatedOptions<DiagnosticsOptions>(configuration, DiagnosticsOptions.Section);
        services.AddSingleton<HttpEndpoint>();
        services.AddSingleton<OpenApiDocument>();
        return services;
    }
}
