using System.Net;
using System.Text;
using TaxIdentity.Core.Login;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>
/// A12, A13: the client address comes from the configured trusted forwarding chain, parsed as an IP, else the
/// socket's. The local host, like the Functions worker, first takes the last X-Forwarded-For entry as the socket
/// address (the Functions host appends the address its front end saw), so a test "connects from" the last entry
/// it sends; the ClientAddress settings then say how many of the entries before it to trust.
/// </summary>
public sealed class ClientAddressTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    public static TheoryData<string> MalformedHeaders => new()
    {
        "[",
        "[::1",
        "]:80",
        "not an address",
        "1.2.3.4:99999",
        "::::::",
        ",,,",
        new string('9', 8000),
        string.Concat(Enumerable.Repeat("[a,", 2500)),
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public async Task MalformedForwardedFor_IsAnsweredAsWithoutIt_OnEveryEndpointThatReadsTheClient(string header)
    {
        var routes = new (HttpMethod Method, string Route, string? Body)[]
        {
            (HttpMethod.Post, "/api/auth/login", "{}"),
            (HttpMethod.Post, "/api/auth/login/sms", "{}"),
            (HttpMethod.Post, "/api/persons", "{}"),
            (HttpMethod.Post, "/api/auth/password/reset", "{}"),
            (HttpMethod.Post, "/api/auth/refresh", "{}"),
            (HttpMethod.Post, "/api/verifications/sms", "{}"),
            (HttpMethod.Post, "/api/captcha", null),
            (HttpMethod.Post, "/api/auth/qr", null),
            (HttpMethod.Get, $"/api/auth/qr/{Guid.NewGuid():N}", null),
        };

        foreach (var (method, route, body) in routes)
        {
            var expected = await SendAsync(method, route, body, forwardedFor: null);
            var actual = await SendAsync(method, route, body, header);

            Assert.True(expected == actual, $"{method} {route} answered {actual} with X-Forwarded-For '{header[..Math.Min(20, header.Length)]}…', {expected} without it");
        }
    }

    [Fact]
    public async Task DefaultSettings_TakeTheAddressTheFrontEndSaw_AndIgnoreEntriesBeforeIt()
    {
        var person = await Api.RegisterAsync();

        await FailFromAsync(Api, person, "198.51.100.70, 192.0.2.71");
        await FailFromAsync(Api, person, "192.0.2.72:50123");
        await FailFromAsync(Api, person, "[2001:db8::73]:443");

        Assert.Equal(["192.0.2.71", "192.0.2.72", "2001:db8::73"], await LoggedAddressesAsync(Api, person));
    }

    [Fact]
    public async Task KnownProxy_IsTrustedForTheEntryBeforeIt_AndAnUntrustedSocketsHeaderIsIgnored()
    {
        await using var api = await ApiHost.StartAsync(settings =>
        {
            settings["ClientAddress:ForwardLimit"] = "1";
            settings["ClientAddress:KnownProxies"] = "203.0.113.7";
        });
        var person = await api.RegisterAsync();

        await FailFromAsync(api, person, "198.51.100.40, 203.0.113.7");
        await FailFromAsync(api, person, "198.51.100.41, 192.0.2.50");

        Assert.Equal(["192.0.2.50", "198.51.100.40"], await LoggedAddressesAsync(api, person));
    }

    [Fact]
    public async Task KnownNetwork_IsTrustedHopByHop_UpToTheForwardLimit()
    {
        await using var api = await ApiHost.StartAsync(settings =>
        {
            settings["ClientAddress:ForwardLimit"] = "3";
            settings["ClientAddress:KnownNetworks"] = "203.0.113.0/24, 2001:db8:f::/48";
        });
        var person = await api.RegisterAsync();

        await FailFromAsync(api, person, "10.1.1.1, 198.51.100.42, 203.0.113.8:1234, 203.0.113.9");
        await FailFromAsync(api, person, "198.51.100.43, 192.0.2.60, 203.0.113.9");
        await FailFromAsync(api, person, "198.51.100.44, [2001:db8:f::1]:80, 2001:db8:f::2");

        Assert.Equal(["192.0.2.60", "198.51.100.42", "198.51.100.44"], await LoggedAddressesAsync(api, person));
    }

    [Fact]
    public async Task ForwardLimit_WithoutKnownProxies_CountsHops_AndStopsAtAnUnparsableEntry()
    {
        await using var api = await ApiHost.StartAsync(settings => settings["ClientAddress:ForwardLimit"] = "2");
        var person = await api.RegisterAsync();

        await FailFromAsync(api, person, "10.9.9.9, 198.51.100.50, 198.51.100.51, 192.0.2.52");
        await FailFromAsync(api, person, "198.51.100.53, garbage, 192.0.2.54");

        Assert.Equal(["192.0.2.54", "198.51.100.50"], await LoggedAddressesAsync(api, person));
    }

    [Theory]
    [InlineData("ClientAddress:KnownProxies", "203.0.113.300")]
    [InlineData("ClientAddress:KnownNetworks", "203.0.113.0/33")]
    [InlineData("ClientAddress:KnownNetworks", "not-a-network")]
    [InlineData("ClientAddress:ForwardLimit", "-1")]
    public async Task InvalidForwardingSettings_StopStartUp(string key, string value)
    {
        await using var app = await ApiHost.BuildAsync(settings => settings[key] = value);

        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    private static async Task FailFromAsync(ApiHost api, TestPerson person, string forwardedFor) =>
        await (await api.LoginFromAsync(SignInKit.PersonalFields(person.Phone, SignInKit.WrongPassword), forwardedFor))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

    private static async Task<List<string>> LoggedAddressesAsync(ApiHost api, TestPerson person) =>
        (await api.LoginLogsAsync(LoginLogEntity.PersonPartition(person.PersonId))).Select(row => row.Ip).Order(StringComparer.Ordinal).ToList();

    private async Task<string> SendAsync(HttpMethod method, string route, string? body, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(method, route);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        using var response = await Api.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var code = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("code").GetString()
            : null;
        return $"{(int)response.StatusCode} {code}";
    }
}
