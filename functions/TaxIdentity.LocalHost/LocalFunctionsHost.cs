using System.Reflection;
using Microsoft.AspNetCore.HttpOverrides;
using TaxIdentity.Functions;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.LocalHost.Durable;
using TaxIdentity.LocalHost.Http;
using TaxIdentity.LocalHost.Timers;

namespace TaxIdentity.LocalHost;

/// <summary>
/// Builds the local host: the same services as the Functions worker, the HTTP functions under host.json's
/// route prefix, the orchestrators and activities on a Durable Task engine, the timer functions on their schedules.
/// </summary>
public static class LocalFunctionsHost
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <param name="args">Command line; <c>--settings path</c> names a local.settings.json whose Values become configuration.</param>
    /// <param name="configure">Lets tests replace settings and services before the host is built.</param>
    /// <param name="functionAssemblies">
    /// Where the orchestrator, activity and timer functions are; the Functions app by default. Tests add
    /// their own workflows. HTTP functions always come from the app.
    /// </param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, IReadOnlyList<Assembly>? functionAssemblies = null)
    {
        var settings = LocalSettingsConfiguration.Read(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = settings.GetValueOrDefault(LocalSettingsConfiguration.EnvironmentSetting)
                ?? Environment.GetEnvironmentVariable(LocalSettingsConfiguration.EnvironmentSetting),
        });
        builder.Configuration.AddLocalSettings(settings, args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var functions = functionAssemblies ?? [typeof(FunctionsServices).Assembly];
        var hostJson = HostJson.Load();
        builder.Services.AddTaxIdentityFunctions(builder.Configuration);
        builder.Services.AddOptions<LocalHostOptions>().Bind(builder.Configuration.GetSection(LocalHostOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        // As the Functions worker's ASP.NET Core integration does: the X-Forwarded-* headers the Functions host sets are
        // applied with ASP.NET Core's defaults (the loopback hop is trusted, one entry), so the functions see the same
        // connection address, and no X-Forwarded-For entry, in both hosts.
        builder.Services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.All);
        configure?.Invoke(builder);

        // After the caller's settings, which choose the engine and name the hub.
        builder.Services.AddLocalDurableTask(builder.Configuration, hostJson, functions);
        builder.Services.AddHostedService(provider => ActivatorUtilities.CreateInstance<TimerTriggerScheduler>(provider, functions));

        var app = builder.Build();

        // The Functions host's part first (it sets the X-Forwarded headers to what it saw), then the worker's.
        app.UseNoDotSegmentTargets();
        app.UseFunctionsHostForwarding(builder.Configuration[$"{LocalHostOptions.Section}:{nameof(LocalHostOptions.ClientAddressHeader)}"]);
        app.UseForwardedHeaders();

        app.MapHttpFunctions(HttpFunctionCatalog.All, hostJson);
        return app;
    }
}
