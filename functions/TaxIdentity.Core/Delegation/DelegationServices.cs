using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Handlers;

namespace TaxIdentity.Core.Delegation;

/// <summary>Registers tax-handler delegation (D, E): invitations, applications, their workflows' activity, handlers, history.</summary>
public static class DelegationServices
{
    public static IServiceCollection AddDelegation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DelegationOptions>(configuration, DelegationOptions.Section);
        services.AddSingleton<DelegationStore>();
        services.AddSingleton<DelegationAnswers>();
        services.AddSingleton<DelegationResume>();
        services.AddTransient<DelegationFollowUp>();
        services.AddTransient<ApplyDelegationOutcome>();
        services.AddSingleton<InvitationService>();
        services.AddSingleton<AuthorizationService>();
        services.AddSingleton<ApplicationService>();
        services.AddSingleton<HandlerRemoval>();
        services.AddSingleton<HandlerService>();
        services.AddSingleton<HistoryService>();
        return services;
    }
}
