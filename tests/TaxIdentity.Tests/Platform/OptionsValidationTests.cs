using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
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
    [InlineData("Tokens:HashingKey", "c2hvcnQ=", "Tokens:HashingKey")]
    [InlineData("Tokens:PreviousSigningKey", "c2hvcnQ=", "Tokens:PreviousSigningKey")]
    [InlineData("Tokens:PreviousSigningKeyUntil", "2026-03-02T01:00:00Z", "Tokens:PreviousSigningKey")]
    [InlineData("Tokens:IdleMinutes", "0", "Tokens:IdleMinutes")]
    [InlineData("Tokens:IdleMinutes", "15", "Tokens:IdleMinutes")]
    [InlineData("Sms:Provider", "Acs", "Sms:From")]
    [InlineData("Sms:AttemptTimeoutSeconds", "10", "Sms:AttemptTimeoutSeconds")]
    [InlineData("Verification:AllowedCallingCodes", "86;852", "Verification:AllowedCallingCodes")]
    [InlineData("Verification:AllowedCallingCodes", " ", "Verification:AllowedCallingCodes")]
    [InlineData("Verification:DailyAnonymousSendsPerPhone", "10", "Verification:DailyAnonymousSendsPerPhone")]
    [InlineData("Login:LockoutMinutes", "16", "Login:LockoutMinutes")]
    public async Task InvalidSetting_StopsStartUpNamingTheSetting(string key, string? value, string named)
    {
        await using var app = await ApiHost.BuildAsync(settings => settings[key] = value);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviousSigningKey_WithoutTheEndOfItsOverlap_StopsStartUp()
    {
        await using var app = await ApiHost.BuildAsync(settings => settings["Tokens:PreviousSigningKey"] = NewKey());

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Tokens:PreviousSigningKeyUntil", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashingKey_EqualToTheSigningKey_StopsStartUp()
    {
        var key = NewKey();
        await using var app = await ApiHost.BuildAsync(settings =>
        {
            settings["Tokens:SigningKey"] = key;
            settings["Tokens:HashingKey"] = key;
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Tokens:HashingKey", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashingKey_IsRequiredOutsideDevelopment()
    {
        await using var app = await ApiHost.BuildAsync(settings =>
        {
            settings["Tokens:SigningKey"] = NewKey();
            settings["Sms:Provider"] = "Acs";
            settings["Sms:ConnectionString"] = "endpoint=https://example.communication.azure.com/;accesskey=" + NewKey();
            settings["Sms:From"] = "+18005550100";
        }, environment: Environments.Production);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Tokens:HashingKey", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BothTableConnectionStringAndServiceUri_StopsStartUp()
    {
        await using var app = await ApiHost.BuildAsync(settings => settings["Tables:ServiceUri"] = "https://example.table.core.windows.net");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Tables:ServiceUri", failure.Message, StringComparison.Ordinal);
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
