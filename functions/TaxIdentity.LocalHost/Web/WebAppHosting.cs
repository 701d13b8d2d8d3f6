using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;

namespace TaxIdentity.LocalHost.Web;

/// <summary>
/// Serves the built web app (web/dist) at <c>/</c>, as Azure Static Web Apps serves it in Azure, when
/// <c>LocalHost__WebRoot</c> names it. Only paths outside the API's route prefix are touched: under the prefix
/// every request reaches the functions or gets the server's plain 404, exactly as without the web app.
/// The files are read from disk on each request, so a rebuild (npm run build) shows without a restart; until
/// the app is built, its paths answer 404.
/// </summary>
public static class WebAppHosting
{
    public static IServiceCollection AddWebAppHosting(this IServiceCollection services) =>
        services.AddResponseCompression(options =>
        {
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json", "image/svg+xml"];
        });

    public static void UseWebApp(this WebApplication app, string webRoot, HostJson hostJson)
    {
        if (hostJson.RoutePrefix.Length == 0)
        {
            throw new InvalidOperationException("LocalHost:WebRoot needs an HTTP route prefix in host.json: the web app is served outside it.");
        }

        var root = Path.GetFullPath(webRoot);
        Directory.CreateDirectory(root);
        var config = new BuiltConfig(root);
        var files = new PhysicalFileProvider(root);
        var apiPrefix = new PathString("/" + hostJson.RoutePrefix);
        app.UseWhen(context => !context.Request.Path.StartsWithSegments(apiPrefix), branch =>
        {
            branch.Use((context, next) =>
            {
                if (config.Current is not { } current)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                context.Response.OnStarting(() =>
                {
                    foreach (var (name, value) in current.HeadersFor(context.Request.Path.Value ?? "/", context.Response.StatusCode < 400))
                    {
                        context.Response.Headers[name] = value;
                    }

                    return Task.CompletedTask;
                });
                context.Items[typeof(StaticWebAppConfig)] = current;
                return next(context);
            });
            branch.UseResponseCompression();
            branch.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            branch.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            branch.Use((context, next) =>
            {
                // History fallback: a page route (no file extension) gets the app's index page; anything else 404s.
                if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) && !Path.HasExtension(context.Request.Path.Value))
                {
                    context.Request.Path = ((StaticWebAppConfig)context.Items[typeof(StaticWebAppConfig)]!).FallbackPath;
                }

                return next(context);
            });
            branch.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        });
    }

    /// <summary>The built app's staticwebapp.config.json, read again whenever a build rewrites it; null before the first build.</summary>
    private sealed class BuiltConfig(string root)
    {
        private readonly Lock gate = new();
        private (DateTime Written, StaticWebAppConfig Config)? loaded;

        public StaticWebAppConfig? Current
        {
            get
            {
                var path = Path.Combine(root, StaticWebAppConfig.FileName);
                var written = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : (DateTime?)null;
                lock (gate)
                {
                    if (written is null)
                    {
                        loaded = null;
                    }
                    else if (loaded?.Written != written)
                    {
                        loaded = (written.Value, StaticWebAppConfig.Load(root));
                    }

                    return loaded?.Config;
                }
            }
        }
    }
}
