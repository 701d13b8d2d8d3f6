using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Agencies;
using TaxIdentity.Core.Common.Paging;
using TaxIdentity.Core.CrossRegion;
using TaxIdentity.Core.Logs;

namespace TaxIdentity.Core.EnterpriseInfo;

/// <summary>Registers enterprise information (C1, C2), agencies (G1), the cross-region searches (H3) and the login-log queries (I1, I2).</summary>
public static class EnterpriseInfoServices
{
    public static IServiceCollection AddEnterpriseInformation(this IServiceCollection services)
    {
        services.AddSingleton<ContinuationTokens>();
        services.AddSingleton<EnterpriseInfoService>();
        services.AddSingleton<AgencyService>();
        services.AddSingleton<CrossRegionSearch>();
        services.AddSingleton<CrossRegionItems>();
        services.AddSingleton<LoginLogQueries>();
        return services;
    }
}
