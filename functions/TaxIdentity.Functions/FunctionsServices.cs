using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        services.AddSingleton<ApiDocument>();

        // ASP.NET Core's own request log lines carry the raw path, ID numbers in routes included; the
        // platform logs what it needs itself, with the path masked (LoggedPath).
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        return services;
    }
}
