using Microsoft.Extensions.Options;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Platform;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Tables:ConnectionString", null, "Tables:ConnectionString")]
    [InlineData("Tables:Prefix", "1bad-prefix", "Tables:Prefix")]
    [InlineData("Operator:Key", "short", "Operator:Key")]
    [InlineData("Http:MaxRequestBytes", "12", "Http:MaxRequestBytes")]
    [InlineData("ServiceBus:FullyQualifiedNamespace", "not a host", "ServiceBus:FullyQualifiedNamespace")]
    [InlineData("App:Key", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/app-key)", "App:Key")]
    [InlineData("Tokens:SigningKey", "c2hvcnQ=", "Tokens:SigningKey")]
    [InlineData("Sms:Provider", "Acs", "Sms:From")]
    public async Task InvalidSetting_StopsStartUpNamingTheSetting(string key, string? value, string named)
    {
        await using var app = await ApiHost.BuildAsync(settings => settings[key] = value);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BothTableConnectionStringAndServiceUri_StopsStartUp()
    {
        await using var app = await ApiHost.BuildAsync(settings => settings["Tables:ServiceUri"] = "https://example.table.core.windows.net");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Tables:ServiceUri", failure.Message, StringComparison.Ordinal);
    }
}
