using Microsoft.Extensions.DependencyInjection;

namespace TaxIdentity.Core.Profile;

public static class ProfileServices
{
    /// <summary>Personal information (F1-F9).</summary>
    public static IServiceCollection AddProfile(this IServiceCollection services) =>
        services
            .AddSingleton<ProfileWriter>()
            .AddSingleton<StepUp>()
            .AddSingleton<NameChangeNotice>()
            .AddSingleton<MeService>()
            .AddSingleton<PasswordChangeService>()
            .AddSingleton<PhoneService>()
            .AddSingleton<UsernameService>()
            .AddSingleton<DeregistrationService>();
}
