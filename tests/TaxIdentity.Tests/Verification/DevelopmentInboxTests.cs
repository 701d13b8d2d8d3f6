using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Verification;

/// <summary>The development SMS inbox (GET /api/dev/sms): only with the development provider, which only runs in Development.</summary>
public sealed class DevelopmentInboxTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static void UseAcs(IDictionary<string, string?> settings)
    {
        settings["Sms:Provider"] = "Acs";
        settings["Sms:ConnectionString"] = "endpoint=https://example.communication.azure.com/;accesskey=" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Sms:From"] = "+18005550100";
    }

    private static void UseSigningKey(IDictionary<string, string?> settings)
    {
        settings["Tokens:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Tokens:HashingKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    }

    [Fact]
    public async Task DevInbox_ListsAPhonesMessagesNewestFirst()
    {
        var person = await Api.RegisterAsync();
        await Api.SendCodeAsync(new { purpose = "login", account = person.IdNumber });
        await Api.SendCodeAsync(new { purpose = "resetPassword", account = person.IdNumber });

        var inbox = await (await Api.Client.GetAsync($"/api/dev/sms?phone=%2B86{person.Phone}")).AssertOkAsync();

        var messages = inbox.EnumerateArray().ToList();
        Assert.Equal(3, messages.Count);
        Assert.Contains("找回密码", messages[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("登录", messages[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("注册账号", messages[2].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.All(messages, message => Assert.Equal("+86" + person.Phone, message.GetProperty("phone").GetString()));
        var sentAt = messages.Select(message => message.GetProperty("sentAt").GetDateTimeOffset()).ToList();
        Assert.Equal(sentAt.OrderDescending(), sentAt);
    }

    [Fact]
    public async Task DevInbox_OtherPhone_IsEmpty()
    {
        await Api.RegisterAsync();

        var inbox = await (await Api.Client.GetAsync($"/api/dev/sms?phone={TestData.Phone()}")).AssertOkAsync();

        Assert.Equal(0, inbox.GetArrayLength());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?phone=12345")]
    public async Task DevInbox_WithoutValidPhone_NamesThePhone(string query)
    {
        var response = await Api.Client.GetAsync("/api/dev/sms" + query);

        await response.AssertFieldErrorAsync("phone");
    }

    [Fact]
    public async Task DevInbox_WithAcsProvider_IsNotFound()
    {
        await using var host = await ApiHost.StartAsync(UseAcs);

        var response = await host.Client.GetAsync($"/api/dev/sms?phone={TestData.Phone()}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DevProvider_OutsideDevelopment_StopsStartUp()
    {
        await using var app = await ApiHost.BuildAsync(UseSigningKey, environment: Environments.Production);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Sms:Provider", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Development", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcsProvider_InProduction_StartsWithoutTheInbox()
    {
        await using var host = await ApiHost.StartAsync(settings =>
        {
            UseAcs(settings);
            UseSigningKey(settings);
        }, environment: Environments.Production);

        var response = await host.Client.GetAsync($"/api/dev/sms?phone={TestData.Phone()}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
