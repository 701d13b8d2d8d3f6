using System.Text.RegularExpressions;

namespace TaxIdentity.Infra.Tests;

/// <summary>The account centre (K6) runs as a Static Web App; the Function App lets only its origin call it from a browser.</summary>
[Collection(InfraTestGroup.Name)]
public sealed class WebAppTests(CompiledTemplate compiled)
{
    [Fact]
    public void StaticWebApp_IsTheAzdServiceWeb()
    {
        var (_, site) = Assert.Single(compiled.Template.FindAll("Microsoft.Web/staticSites"));

        Assert.Contains("azd-service-name", site["tags"]?.ToJsonString() ?? string.Empty, StringComparison.Ordinal);
        var module = compiled.Template.AllTemplates.Single(template => template.ModuleName == "web");
        Assert.Equal("web", ArmTemplate.Text(module.Parameters["serviceName"]?["defaultValue"]));
        Assert.Equal("Standard", ArmTemplate.Text(site["sku"]?["name"]));
    }

    [Fact]
    public void FunctionApp_AllowsOnlyTheStaticWebAppsOrigin()
    {
        var (template, site) = Assert.Single(compiled.Template.FindAll("Microsoft.Web/sites"));
        var cors = site["properties"]?["siteConfig"]?["cors"];

        Assert.NotNull(cors);
        Assert.False(ArmTemplate.Bool(cors["supportCredentials"]) ?? true, "no cookies or credentials cross origins");
        Assert.Equal("[parameters('allowedOrigins')]", ArmTemplate.Text(cors["allowedOrigins"]));
        var passed = template.Deployment?["properties"]?["parameters"]?["allowedOrigins"]?["value"]?.ToJsonString() ?? string.Empty;
        Assert.Equal(("web", "origin"), ArmTemplate.ModuleOutput(template.Deployment?["properties"]?["parameters"]?["allowedOrigins"]?["value"]?[0]));
        Assert.Contains("outputs.origin.value", passed, StringComparison.Ordinal);
        Assert.DoesNotContain("*", passed, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_GiveTheWebAppItsApi()
    {
        Assert.True(compiled.Template.Outputs.ContainsKey("SERVICE_WEB_URI"));
        Assert.True(compiled.Template.Outputs.ContainsKey("VITE_API_BASE_URL"));
    }

    [Fact]
    public void StaticWebApp_SendsHsts_ForAtLeastAYear_WithSubdomains()
    {
        // Static Web Apps take their response headers from staticwebapp.config.json, which the build writes from
        // web/security-headers.ts (the resource itself has no header settings).
        var root = Path.GetDirectoryName(CompiledTemplate.InfraDirectory)!;
        var headers = File.ReadAllText(Path.Combine(root, "web", "security-headers.ts"));

        var hsts = Regex.Match(headers, @"'Strict-Transport-Security':\s*'max-age=(?<seconds>\d+); includeSubDomains'");
        Assert.True(hsts.Success, "staticWebAppConfig's globalHeaders must carry Strict-Transport-Security with includeSubDomains.");
        Assert.True(long.Parse(hsts.Groups["seconds"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 31_536_000);
        var (_, site) = Assert.Single(compiled.Template.FindAll("Microsoft.Web/sites"));
        Assert.True(ArmTemplate.Bool(site["properties"]?["httpsOnly"]) ?? false, "the API redirects plain HTTP to HTTPS");
    }

    [Fact]
    public void AzureYaml_DeploysTheWebApp_AsServiceWeb()
    {
        var root = Path.GetDirectoryName(CompiledTemplate.InfraDirectory)!;
        var yaml = File.ReadAllLines(Path.Combine(root, "azure.yaml")).Select(line => line.Trim()).ToList();

        Assert.Contains("web:", yaml);
        Assert.Contains("project: ./web", yaml);
        Assert.Contains("host: staticwebapp", yaml);
        Assert.Contains("dist: dist", yaml);
        Assert.True(File.Exists(Path.Combine(root, "web", "package.json")));
    }
}
