using System.Net;
using TaxIdentity.LocalHost.Http;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Infrastructure.Contract;

namespace TaxIdentity.Tests.LocalHost;

/// <summary>
/// The local host serves the built web app at / (LocalHost__WebRoot) with the headers its
/// staticwebapp.config.json names, as Azure Static Web Apps does, and leaves every API route as it was.
/// </summary>
public sealed class WebAppHostingTests : IAsyncLifetime
{
    private const string Policy = "default-src 'none'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
    private readonly string webRoot = Directory.CreateTempSubdirectory("webroot").FullName;
    private ApiHost api = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(webRoot, "assets"));
        await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), "<!doctype html><title>账户中心</title><script type=\"module\" src=\"/assets/app.js\"></script>");
        await File.WriteAllTextAsync(Path.Combine(webRoot, "assets", "app.js"), "console.log('app')");
        await File.WriteAllTextAsync(Path.Combine(webRoot, "staticwebapp.config.json"), $$"""
            {
              "navigationFallback": { "rewrite": "/index.html" },
              "globalHeaders": { "Content-Security-Policy": "{{Policy}}", "X-Frame-Options": "DENY" },
              "routes": [ { "route": "/assets/*", "headers": { "Cache-Control": "public, max-age=31536000, immutable" } } ]
            }
            """);
        api = await ApiHost.StartAsync(settings => settings["LocalHost:WebRoot"] = webRoot);
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        Directory.Delete(webRoot, recursive: true);
    }

    private Task<HttpResponseMessage> GetAsync(string path) =>
        api.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path).OutsideTheContract("the web app's files are not API operations"));

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/handlers/existing")]
    public async Task PageRoutes_GetTheAppsIndexPage_UnderItsContentSecurityPolicy(string path)
    {
        var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("账户中心", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Policy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Assets_AreServedWithTheirRouteHeaders_AndAMissingOneIsNotFound()
    {
        var asset = await GetAsync("/assets/app.js");
        var missing = await GetAsync("/assets/missing.js");

        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Null(missing.Headers.CacheControl);
    }

    [Theory]
    [InlineData("GET", "/api/no-such-thing")]
    [InlineData("GET", "/api")]
    [InlineData("POST", "/api/operator/enterprises")]
    public async Task UnknownApiRoutes_StillGetTheHostsPlainNotFound(string method, string route)
    {
        var response = await api.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains(HttpFunctionEndpoints.FunctionNameHeader), "no function answered");
        Assert.False(response.Headers.Contains("Content-Security-Policy"), "the web app's headers stay off the API");
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiRoutes_AnswerAsWithoutTheWebApp()
    {
        var response = await api.Client.GetAsync("/api/catalog/functions");

        await response.AssertOkAsync();
        Assert.Equal("GetFunctions", Assert.Single(response.Headers.GetValues(HttpFunctionEndpoints.FunctionNameHeader)));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Null(response.Content.Headers.ContentEncoding.FirstOrDefault());
    }

    [Fact]
    public async Task BeforeTheAppIsBuilt_ItsPathsAreNotFound_AndTheApiWorks()
    {
        var empty = Directory.CreateTempSubdirectory("webroot-empty").FullName;
        await using var host = await ApiHost.StartAsync(settings => settings["LocalHost:WebRoot"] = empty);

        var page = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/login").OutsideTheContract("the web app's files are not API operations"));
        var health = await host.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        await health.AssertOkAsync();
        Directory.Delete(empty, recursive: true);
    }
}
