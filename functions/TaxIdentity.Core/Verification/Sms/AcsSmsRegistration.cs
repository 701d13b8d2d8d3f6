using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TaxIdentity.Core.Verification.Sms;

public static class AcsSmsRegistration
{
    /// <summary>How long one attempt may take; a user is waiting for the code.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Registers <see cref="AcsSmsSender"/> as a typed HttpClient and as <see cref="ISmsSender"/>. With
    /// <see cref="SmsOptions.Endpoint"/>, tokens come from the registered <see cref="TokenCredential"/>, else from a
    /// <see cref="DefaultAzureCredential"/> created on first use. <see cref="SmsOptions"/> is bound by the caller.
    /// </summary>
    public static IServiceCollection AddAcsSmsSender(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AcsDefaultCredential>();
        services.AddHttpClient(nameof(AcsSmsSender), client => client.Timeout = AttemptTimeout)
            .AddTypedClient(Create);
        services.AddTransient<ISmsSender>(provider => provider.GetRequiredService<AcsSmsSender>());
        return services;
    }

    private static AcsSmsSender Create(HttpClient client, IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<SmsOptions>>();
        var settings = options.Value;

        // Resolved only in the managed-identity mode, so a connection string never builds a credential.
        var credential = settings.Endpoint is not null && string.IsNullOrWhiteSpace(settings.ConnectionString)
            ? provider.GetService<TokenCredential>() ?? provider.GetRequiredService<AcsDefaultCredential>().Credential
            : null;
        return new AcsSmsSender(
            client, options, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<AcsSmsSender>>(), credential);
    }

    /// <summary>One <see cref="DefaultAzureCredential"/> for the app's lifetime, built on first use; its tokens are cached per instance.</summary>
    internal sealed class AcsDefaultCredential
    {
        private readonly Lazy<TokenCredential> credential = new(() => new DefaultAzureCredential(), LazyThreadSafetyMode.ExecutionAndPublication);

        public TokenCredential Credential => credential.Value;
    }
}
