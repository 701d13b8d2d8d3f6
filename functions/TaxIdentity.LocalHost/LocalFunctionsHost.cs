using Microsoft.DurableTask.Testing;
using TaxIdentity.Functions;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.LocalHost;

/// <summary>Builds the local host: the same services as the Functions worker, the same routes, the same workflows.</summary>
public static class LocalFunctionsHost
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <param name="args">Command line; <c>--settings path</c> names a local.settings.json whose Values become configuration.</param>
    /// <param name="configure">Lets tests replace settings and services before the host is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
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

        builder.Services.AddTaxIdentityFunctions(builder.Configuration);
        builder.Services.AddInMemoryDurableTask(registry => DurableFunctionRegistration.Register(registry, typeof(FunctionsServices).Assembly));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapHttpFunctions(HttpFunctionCatalog.All);
        return app;
    }
}
