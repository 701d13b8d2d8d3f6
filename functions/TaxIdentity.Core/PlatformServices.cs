using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Health;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Provisioning;

namespace TaxIdentity.Core;

/// <summary>Registers the host-independent platform: options, storage and the feature services.</summary>
public static class PlatformServices
{
    public static IServiceCollection AddTaxIdentityCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<TableOptions>(configuration, TableOptions.Section);
        services.AddValidatedOptions<OperatorOptions>(configuration, OperatorOptions.Section);

        services.AddStorage();
        services.TryAddSingleton<ICallerAuthenticator, NoTokensAuthenticator>();

        services.AddSingleton<HealthService>();
        services.AddSingleton<PersonDirectory>();
        services.AddSingleton<EnterpriseDirectory>();
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<OperatorAccess>();
        services.AddSingleton<EnterpriseProvisioning>();
        services.AddSingleton<ReferenceDataProvisioning>();
        return services;
    }

    /// <summary>Binds a section, checks its data annotations and refuses to start when they fail.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class =>
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();

    private static void AddStorage(this IServiceCollection services)
    {
        services.AddSingleton<StorageCallCounter>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TableOptions>>().Value;
            var clientOptions = new TableClientOptions();
            clientOptions.AddPolicy(provider.GetRequiredService<StorageCallCounter>(), Azure.Core.HttpPipelinePosition.PerRetry);
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new TableServiceClient(options.ServiceUri, new DefaultAzureCredential(), clientOptions)
                : new TableServiceClient(options.ConnectionString, clientOptions);
        });
        services.AddSingleton<TableStore>();
    }
}
