using System.Text.Json.Nodes;
using TaxIdentity.Core.Common.Configuration;

namespace TaxIdentity.Infra.Tests;

[Collection(InfraTestGroup.Name)]
public sealed class AppSettingsTests(CompiledTemplate compiled)
{
    private const string KeyVaultReference = "@Microsoft.KeyVault(SecretUri=";

    public static TheoryData<string> SettingsTheTemplateWrites =>
        [.. SettingsCatalog.All.Where(s => s.AzureSource is SettingSource.AppSetting or SettingSource.KeyVault or SettingSource.KeyVaultProvided).Select(s => s.Name)];

    public static TheoryData<string> KeyVaultSettings =>
        [.. SettingsCatalog.All.Where(s => s.AzureSource is SettingSource.KeyVault or SettingSource.KeyVaultProvided).Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(SettingsTheTemplateWrites))]
    public void CatalogSetting_IsInTheFunctionAppSettings(string name)
    {
        Assert.True(AppSettings().ContainsKey(name), $"{name} is in SettingsCatalog but infra/app/api.bicep does not set it.");
    }

    [Theory]
    [MemberData(nameof(KeyVaultSettings))]
    public void KeyVaultSetting_IsAKeyVaultReference(string name)
    {
        var value = ArmTemplate.Text(AppSettings()[name]);

        Assert.NotNull(value);
        Assert.Contains(KeyVaultReference, value, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_AreCatalogSettingsOrHostSettings()
    {
        // A typo (Sms__Form) would leave the real setting unset; only the host's own settings may be extra.
        var known = SettingsCatalog.All.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        string[] hostPrefixes = ["AzureWebJobsStorage__", "APPLICATIONINSIGHTS_"];

        var unknown = AppSettings().Select(pair => pair.Key)
            .Where(name => !known.Contains(name) && !hostPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(unknown);
    }

    [Fact]
    public void AppSettings_HaveNoLiteralSecrets()
    {
        // Every value is an expression, a Key Vault reference or a plain switch; nothing looks like a key.
        string[] literalsAllowed = ["managedidentity", "Acs"];

        foreach (var (name, node) in AppSettings())
        {
            var value = ArmTemplate.Text(node) ?? string.Empty;
            Assert.True(
                value.StartsWith('[') || literalsAllowed.Contains(value, StringComparer.Ordinal),
                $"{name} has the literal value '{value}'; put secrets in Key Vault and names in expressions.");
        }
    }

    [Fact]
    public void SigningAndHashingKeys_AreSeparateSecrets()
    {
        var settings = AppSettings();

        Assert.Contains("hashingKeySecretUri", ArmTemplate.Text(settings["Tokens__HashingKey"]), StringComparison.Ordinal);
        Assert.Contains("tokenSigningKeySecretUri", ArmTemplate.Text(settings["Tokens__SigningKey"]), StringComparison.Ordinal);
    }

    [Fact]
    public void FaceProvider_IsNoneUnlessTheBureauChoosesTencentCloud()
    {
        var (template, _) = FunctionApp();
        var settings = AppSettings();

        Assert.Equal("faceProvider", ParameterOf(ArmTemplate.Text(settings["Face__Provider"])));
        var chosen = compiled.Template.Parameters["faceProvider"]!;
        Assert.Equal("None", ArmTemplate.Text(chosen["defaultValue"]));
        Assert.Equal(["None", "TencentCloud"], chosen["allowedValues"]!.AsArray().Select(value => ArmTemplate.Text(value)));
        Assert.Equal(["None", "TencentCloud"], template.Parameters["faceProvider"]!["allowedValues"]!.AsArray().Select(value => ArmTemplate.Text(value)));
        Assert.Equal("tencentFaceIdRuleId", ParameterOf(ArmTemplate.Text(settings["Face__TencentCloud__RuleId"])));
    }

    [Theory]
    [InlineData("Face__TencentCloud__SecretId", "tencentFaceIdSecretIdSecretUri", "tencent-faceid-secret-id")]
    [InlineData("Face__TencentCloud__SecretKey", "tencentFaceIdSecretKeySecretUri", "tencent-faceid-secret-key")]
    public void TencentCloudKey_IsAVaultReferenceOnlyWithThatProvider_ToASecretTheTemplateNeverWrites(string setting, string uriParameter, string secretName)
    {
        var (template, _) = FunctionApp();
        var value = ArmTemplate.Text(AppSettings()[setting])!;

        // [if(variables('tencentFaceId'), format('@Microsoft.KeyVault(SecretUri={0})', parameters('…')), '')]
        Assert.StartsWith("[if(variables('tencentFaceId'), ", value, StringComparison.Ordinal);
        Assert.EndsWith(", '')]", value, StringComparison.Ordinal);
        Assert.Contains($"parameters('{uriParameter}')", value, StringComparison.Ordinal);
        Assert.Equal("[equals(parameters('faceProvider'), 'TencentCloud')]", ArmTemplate.Text(template.Json["variables"]?["tencentFaceId"]));
        Assert.Equal(("keyVault", uriParameter), ArmTemplate.ModuleOutput(template.Deployment?["properties"]?["parameters"]?[uriParameter]?["value"]));
        Assert.DoesNotContain(compiled.Template.FindAll("Microsoft.KeyVault/vaults/secrets"), found => ArmTemplate.Text(found.Resource["name"])?.Contains(secretName, StringComparison.Ordinal) == true);
        var (vault, _) = Assert.Single(compiled.Template.FindAll("Microsoft.KeyVault/vaults"));
        Assert.Contains($"secrets/{secretName}/", ArmTemplate.Text(vault.Outputs[uriParameter]?["value"]), StringComparison.Ordinal);
    }

    [Fact]
    public void HostStorage_UsesTheManagedIdentity()
    {
        var settings = AppSettings();

        Assert.Equal("managedidentity", ArmTemplate.Text(settings["AzureWebJobsStorage__credential"]));
        Assert.True(settings.ContainsKey("AzureWebJobsStorage__accountName"));
        Assert.True(settings.ContainsKey("AzureWebJobsStorage__clientId"));
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "A connection string would need a shared key, which the storage account refuses.");
        Assert.Contains("Authorization=AAD", ArmTemplate.Text(settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]), StringComparison.Ordinal);
    }

    [Fact]
    public void KeyVaultReferences_ResolveWithTheUserAssignedIdentity()
    {
        var (template, site) = FunctionApp();

        Assert.Equal("UserAssigned", ArmTemplate.Text(site["identity"]?["type"]));
        var referenceIdentity = template.Resolve(site["properties"]?["keyVaultReferenceIdentity"]);
        Assert.Equal(("identity", "id"), ArmTemplate.ModuleOutput(referenceIdentity));
    }

    [Fact]
    public void FunctionApp_RunsOnFlexConsumption_WithDotnetIsolated10()
    {
        var (template, site) = FunctionApp();
        var plan = Assert.Single(template.ResourcesOfType("Microsoft.Web/serverfarms"));
        var config = site["properties"]?["functionAppConfig"];

        Assert.Equal("FC1", ArmTemplate.Text(plan["sku"]?["name"]));
        Assert.Equal("functionapp,linux", ArmTemplate.Text(site["kind"]));
        Assert.Equal("dotnet-isolated", ArmTemplate.Text(template.Resolve(config?["runtime"]?["name"])));
        Assert.Equal("10.0", ArmTemplate.Text(template.Resolve(config?["runtime"]?["version"])));
        Assert.Equal("blobContainer", ArmTemplate.Text(config?["deployment"]?["storage"]?["type"]));
        Assert.Equal("UserAssignedIdentity", ArmTemplate.Text(config?["deployment"]?["storage"]?["authentication"]?["type"]));
    }

    [Fact]
    public void FunctionApp_IsTaggedAsTheAzdServiceApi()
    {
        var (template, site) = FunctionApp();
        var tags = ArmTemplate.Text(site["tags"]);

        Assert.Contains("createObject('azd-service-name', parameters('serviceName'))", tags, StringComparison.Ordinal);
        Assert.Equal("api", ArmTemplate.Text(template.Resolve(JsonValue.Create("[parameters('serviceName')]"))));
    }

    private static string? ParameterOf(string? expression) =>
        expression is ['[', .. var inner, ']'] && inner.StartsWith("parameters('", StringComparison.Ordinal) && inner.EndsWith("')", StringComparison.Ordinal)
            ? inner["parameters('".Length..^2]
            : null;

    private (ArmTemplate Template, JsonObject Site) FunctionApp() =>
        Assert.Single(compiled.Template.FindAll("Microsoft.Web/sites"),
            found => ArmTemplate.Text(found.Resource["kind"])?.Contains("functionapp", StringComparison.Ordinal) == true);

    /// <summary>The function app's settings: the sites/config "appsettings" resource beside the site.</summary>
    private JsonObject AppSettings()
    {
        var (template, _) = FunctionApp();
        var config = Assert.Single(template.ResourcesOfType("Microsoft.Web/sites/config"),
            resource => ArmTemplate.Text(resource["name"])?.Contains("'appsettings'", StringComparison.Ordinal) == true);

        // An expression here (union(...), a variable) would hide the names from this test: keep it literal.
        return config["properties"] as JsonObject
            ?? throw new InvalidOperationException("The appsettings properties must be a literal object in infra/app/api.bicep.");
    }
}
