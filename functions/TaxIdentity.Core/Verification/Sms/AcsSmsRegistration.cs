using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace TaxIdentity.Core.Verification.Sms;

public static class AcsSmsRegistration
{
    /// <summary>
    /// Registers <see cref="AcsSmsSender"/> (and it as <see cref="ISmsSender"/>) on the named HttpClient
    /// <see cref="AcsSmsSender.HttpClientName"/>: a resilience pipeline of a total deadline
    /// (<see cref="SmsOptions.DeadlineSeconds"/>), retries of 429, 5xx, timeouts and transport failures that wait as
    /// the server says (up to <see cref="SmsOptions.MaxAttempts"/>; none when it asks for longer than the deadline),
    /// and a timeout per attempt (<see cref="SmsOptions.AttemptTimeoutSeconds"/>); inside it,
    /// <see cref="AcsAuthorizationHandler"/> signs each attempt. With <see cref="SmsOptions.Endpoint"/>, tokens come
    /// from the registered <see cref="TokenCredential"/>, else from a <see cref="DefaultAzureCredential"/> created on
    /// first use. <see cref="SmsOptions"/> is bound by the caller.
    /// </summary>
    public static IServiceCollection AddAcsSmsSender(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AcsDefaultCredential>();

        // The pipeline's deadline decides how long a send may take, not HttpClient's 100 s default.
        // Handlers run in the order added: the pipeline outside, the authorization inside it, once per attempt.
        var client = services.AddHttpClient(AcsSmsSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        client.AddResilienceHandler("acs-sms", ConfigurePipeline);
        client.AddHttpMessageHandler(CreateAuthorization);
        services.TryAddSingleton<AcsSmsSender>();
        services.AddTransient<ISmsSender>(provider => provider.GetRequiredService<AcsSmsSender>());
        return services;
    }

    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var settings = context.ServiceProvider.GetRequiredService<IOptions<SmsOptions>>().Value;
        var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
        var logger = context.ServiceProvider.GetRequiredService<ILogger<AcsSmsSender>>();
        var deadline = TimeSpan.FromSeconds(settings.DeadlineSeconds);

        pipeline.AddTimeout(deadline);
        if (settings.MaxAttempts > 1)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(
                    HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    && !(args.Outcome.Result is { } response && AcsSmsSender.ServerDelay(response, time.GetUtcNow()) > deadline)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    AcsSmsSender.RetryDelay(args.Outcome.Result, args.AttemptNumber + 1, time.GetUtcNow(), Random.Shared.NextDouble())),
                OnRetry = args =>
                {
                    var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
                    var recipient = request is not null && request.Options.TryGetValue(AcsSmsSender.RecipientOption, out var masked) ? masked : null;
                    if (args.Outcome.Result is { } response)
                    {
                        var errorCode = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;
                        AcsSmsSender.LogRetrying(logger, (int)response.StatusCode, errorCode, recipient, args.AttemptNumber + 1, args.RetryDelay);
                    }
                    else
                    {
                        AcsSmsSender.LogRetryingUnreachable(logger, args.Outcome.Exception!, recipient, args.AttemptNumber + 1, args.RetryDelay);
                    }

                    return default;
                },
            });
        }

        pipeline.AddTimeout(TimeSpan.FromSeconds(settings.AttemptTimeoutSeconds));
    }

    private static AcsAuthorizationHandler CreateAuthorization(IServiceProvider provider)
    {
        var settings = provider.GetRequiredService<IOptions<SmsOptions>>().Value;
        var target = AcsTarget.From(settings);

        // Resolved only in the managed-identity mode, so a connection string never builds a credential.
        var credential = target.Connection is null
            ? provider.GetService<TokenCredential>() ?? provider.GetRequiredService<AcsDefaultCredential>().Credential
            : null;
        return new AcsAuthorizationHandler(target, credential, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<AcsSmsSender>>());
    }

    /// <summary>One <see cref="DefaultAzureCredential"/> for the app's lifetime, built on first use; its tokens are cached per instance.</summary>
    internal sealed class AcsDefaultCredential
    {
        private readonly Lazy<TokenCredential> credential = new(() => new DefaultAzureCredential(), LazyThreadSafetyMode.ExecutionAndPublication);

        public TokenCredential Credential => credential.Value;
    }
}
