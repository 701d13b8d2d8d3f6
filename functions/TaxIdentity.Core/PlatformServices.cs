using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Agreement;
using TaxIdentity.Core.Cleanup;
using TaxIdentity.Core.Common.Network;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Throttling;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.EnterpriseInfo;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Events;
using TaxIdentity.Core.Health;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Passwords;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Profile;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Registration;
using TaxIdentity.Core.Sessions;
using TaxIdentity.Core.Verification;
using TaxIdentity.Core.Verification.Face;
using TaxIdentity.Core.Verification.Face.TencentCloud;
using TaxIdentity.Core.Verification.Sms;

namespace TaxIdentity.Core;

/// <summary>Registers the host-independent platform: options, storage and the feature services.</summary>
public static class PlatformServices
{
    public static IServiceCollection AddTaxIdentityCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<UnicodeNormalizationCheck>();
        services.AddValidatedOptions<TableOptions>(configuration, TableOptions.Section);
        services.AddValidatedOptions<OperatorOptions>(configuration, OperatorOptions.Section);
        services.AddValidatedOptions<AppOptions>(configuration, AppOptions.Section);

        services.AddValidatedOptions<TokenOptions>(configuration, TokenOptions.Section);
        services.AddSingleton<IValidateOptions<TokenOptions>, TokenOptionsEnvironmentValidation>();
        services.AddValidatedOptions<CaptchaOptions>(configuration, CaptchaOptions.Section);
        services.AddSingleton<IValidateOptions<CaptchaOptions>, CaptchaOptionsEnvironmentValidation>();
        services.AddValidatedOptions<ClientAddressOptions>(configuration, ClientAddressOptions.Section);
        services.AddValidatedOptions<VerificationOptions>(configuration, VerificationOptions.Section);
        services.AddValidatedOptions<LoginOptions>(configuration, LoginOptions.Section);
        services.AddValidatedOptions<PasswordHashingOptions>(configuration, PasswordHashingOptions.Section);
        services.AddValidatedOptions<AgreementOptions>(configuration, AgreementOptions.Section);

        services.AddValidatedOptions<ServiceBusOptions>(configuration, ServiceBusOptions.Section);
        services.AddStorage();
        services.AddSingleton<IEventPublisher, ServiceBusEventPublisher>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<TransactionalOutbox>();
        services.AddSingleton<OutboxSweep>();
        services.AddSingleton<ExpiredRowCleanup>();
        services.AddSms(configuration);
        services.AddFace(configuration);
        services.AddSignIn();
        services.AddDelegation(configuration);
        services.AddProfile();
        services.AddEnterpriseInformation();

        services.AddSingleton<HealthService>();
        services.AddSingleton<PersonDirectory>();
        services.AddSingleton<RealNameLevels>();
        services.AddSingleton<EnterpriseDirectory>();
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<OperatorAccess>();
        services.AddSingleton<AppAccess>();
        services.AddSingleton<EnterpriseProvisioning>();
        services.AddSingleton<ReferenceDataProvisioning>();
        return services;
    }

    /// <summary>Binds a section, checks its data annotations and refuses to start when they fail.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class =>
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();

    private static void AddSignIn(this IServiceCollection services)
    {
        services.AddSingleton<ServerKeys>();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<FixedWindowCounter>();
        services.AddSingleton<ClientThrottle>();
        services.AddSingleton<ClientAddressResolver>();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<AgreementPolicy>();
        services.AddSingleton<AgreementService>();
        services.AddSingleton<IdentityDirectory>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<SwitchService>();
        services.AddSingleton<ICallerAuthenticator, CallerAuthenticator>();
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<PersonClaims>();
        services.AddSingleton<CaptchaService>();
        services.AddSingleton<SmsBudget>();
        services.AddSingleton<SmsCodeService>();
        services.AddSingleton<FaceVerificationService>();
        services.AddSingleton<VerificationService>();
        services.AddSingleton<LoginIdentityResolver>();
        services.AddSingleton<PasswordAttempts>();
        services.AddSingleton<LoginLog>();
        services.AddSingleton<LoginService>();
        services.AddSingleton<QrLoginService>();
        services.AddSingleton<RegistrationCodeService>();
        services.AddSingleton<ActivationNotice>();
        services.AddSingleton<RegistrationService>();
        services.AddSingleton<PasswordResetService>();
    }

    /// <summary>
    /// The SMS provider: ACS in Azure, or the development inbox, which start-up refuses outside the
    /// Development environment so production settings can't enable it.
    /// </summary>
    private static void AddSms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SmsOptions>(configuration, SmsOptions.Section);
        services.AddSingleton<IValidateOptions<SmsOptions>, SmsProviderEnvironmentValidation>();
        services.AddAcsSmsSender();
        services.AddSingleton<DevelopmentSmsSender>();

        // Chosen when first needed, from the validated options, so the provider can't differ from what was validated.
        services.AddTransient<ISmsSender>(provider =>
            provider.GetRequiredService<IOptions<SmsOptions>>().Value.Provider == SmsProvider.Development
                ? provider.GetRequiredService<DevelopmentSmsSender>()
                : provider.GetRequiredService<AcsSmsSender>());
    }

    /// <summary>
    /// The face-verification provider (B2): none, the development one (which start-up refuses outside the Development
    /// environment) or Tencent Cloud FaceID, whose settings start-up checks when it is chosen. Another provider
    /// implements <see cref="IFaceVerificationProvider"/> (see its remarks).
    /// </summary>
    private static void AddFace(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<FaceOptions>(configuration, FaceOptions.Section);
        services.AddSingleton<IValidateOptions<FaceOptions>, FaceProviderEnvironmentValidation>();
        services.AddValidatedOptions<TencentCloudFaceOptions>(configuration, TencentCloudFaceOptions.Section);
        services.AddSingleton<IValidateOptions<TencentCloudFaceOptions>, TencentCloudFaceOptionsValidation>();
        services.AddTencentCloudFace();
        services.AddSingleton<DevelopmentFaceProvider>();
        services.AddSingleton<NoFaceProvider>();
        services.AddSingleton<IFaceVerificationProvider>(provider =>
            provider.GetRequiredService<IOptions<FaceOptions>>().Value.Provider switch
            {
                FaceProvider.Development => provider.GetRequiredService<DevelopmentFaceProvider>(),
                FaceProvider.TencentCloud => provider.GetRequiredService<TencentCloudFaceProvider>(),
                _ => provider.GetRequiredService<NoFaceProvider>(),
            });
        services.AddSingleton<ProofCatalog>();
    }

    private static void AddStorage(this IServiceCollection services)
    {
        services.AddSingleton<StorageCallCounter>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TableOptions>>().Value;
            // Fail over to a 503 within seconds when storage is down, instead of the SDK's 100 s network timeout.
            var clientOptions = new TableClientOptions
            {
                Retry = { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(2), NetworkTimeout = TimeSpan.FromSeconds(10) },
            };
            clientOptions.AddPolicy(provider.GetRequiredService<StorageCallCounter>(), Azure.Core.HttpPipelinePosition.PerRetry);
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new TableServiceClient(options.ServiceUri, new DefaultAzureCredential(), clientOptions)
                : new TableServiceClient(options.ConnectionString, clientOptions);
        });
        services.AddSingleton<TableStore>();
    }
}
