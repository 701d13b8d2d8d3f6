using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace TaxIdentity.Core.Verification.Face.TencentCloud;

public static class TencentCloudFaceRegistration
{
    /// <summary>
    /// Registers <see cref="TencentCloudFaceProvider"/> on the named HttpClient <see cref="TencentCloudFaceProvider.HttpClientName"/>,
    /// as the ACS sender is registered: a resilience pipeline of a total deadline
    /// (<see cref="TencentCloudFaceOptions.DeadlineSeconds"/>), retries of 429, 5xx, timeouts, dropped connections and
    /// FaceID's RequestLimitExceeded and InternalError answers (up to <see cref="TencentCloudFaceOptions.MaxAttempts"/>,
    /// waiting as Retry-After says, none when it asks for longer than the deadline), and a timeout per attempt; inside it,
    /// <see cref="TencentCloudAuthorizationHandler"/> signs each attempt. The options are bound by the caller.
    /// </summary>
    public static IServiceCollection AddTencentCloudFace(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);

        // The pipeline's deadline decides how long a call may take, not HttpClient's 100 s default.
        var client = services.AddHttpClient(TencentCloudFaceProvider.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        client.AddResilienceHandler("tencent-faceid", ConfigurePipeline);
        client.AddHttpMessageHandler(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<TencentCloudFaceOptions>>().Value;
            return new TencentCloudAuthorizationHandler(settings.SecretId ?? string.Empty, settings.SecretKey ?? string.Empty, provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<TencentCloudFaceProvider>();
        return services;
    }

    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var settings = context.ServiceProvider.GetRequiredService<IOptions<TencentCloudFaceOptions>>().Value;
        var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
        var logger = context.ServiceProvider.GetRequiredService<ILogger<TencentCloudFaceProvider>>();
        var deadline = TimeSpan.FromSeconds(settings.DeadlineSeconds);

        pipeline.AddTimeout(deadline);
        if (settings.MaxAttempts > 1)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                ShouldRetryAfterHeader = false,
                ShouldHandle = async args =>
                {
                    if (args.Outcome.Result is { } response && TencentCloudApi.ServerDelay(response, time.GetUtcNow()) > deadline)
                    {
                        return false;
                    }

                    return HttpClientResiliencePredicates.IsTransient(args.Outcome)
                        || (args.Outcome.Result is { } answer && TencentCloudApi.IsTransient(await TencentCloudApi.PeekErrorCodeAsync(answer)));
                },
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    (args.Outcome.Result is { } response ? TencentCloudApi.ServerDelay(response, time.GetUtcNow()) : null)
                    ?? TencentCloudApi.Backoff(args.AttemptNumber + 1, Random.Shared.NextDouble())),
                OnRetry = async args =>
                {
                    var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
                    var action = request is not null && request.Headers.TryGetValues("X-TC-Action", out var actions) ? actions.FirstOrDefault() : null;
                    if (args.Outcome.Result is { } response)
                    {
                        var code = await TencentCloudApi.PeekErrorCodeAsync(response);
                        TencentCloudApi.LogRetrying(logger, action, (int)response.StatusCode, code, args.AttemptNumber + 1, args.RetryDelay);
                    }
                    else
                    {
                        TencentCloudApi.LogRetryingUnreachable(logger, args.Outcome.Exception!, action, args.AttemptNumber + 1, args.RetryDelay);
                    }
                },
            });
        }

        pipeline.AddTimeout(TimeSpan.FromSeconds(settings.AttemptTimeoutSeconds));
    }
}
