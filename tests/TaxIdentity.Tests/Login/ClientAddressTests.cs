using System.Net;
using System.Text;
using TaxIdentity.Core.Login;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>
/// A12, A13: the client address comes from the configured trusted forwarding chain, parsed as an IP, else the address the
/// Functions host saw. In Azure the Functions host forwards each request to the worker with YARP's default transformer,
/// which sets X-Forwarded-For to that one address (whatever the request carried), and the worker's ASP.NET Core
/// integration makes it the connection's address; the local host does the same, so no X-Forwarded-For a caller writes
/// reaches a function in either host. The tests play the platform's front end in <see cref="ApiHost.FrontEndAddressHeader"/>.
/// The ClientAddress settings say how many entries of a header a trusted proxy wrote (X-Azure-ClientIP behind Front Door) to believe.
/// </summary>
public sealed class ClientAddressTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string ProxyHeader = "X-Azure-ClientIP";

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
    public async Task ForwardedFor_TheCallerWrites_IsNotBelieved_WithoutAFrontEnd_SoRotatingItDoesNotEscapeTheThrottle()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings =>
        {
            settings["LocalHost:ClientAddressHeader"] = null;
            settings["Login:RequestsPerMinutePerClient"] = "3";
        });
        var person = await api.RegisterAsync();
        clock.Advance(TimeSpan.FromMinutes(1));

        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            answers.Add((await LoginWithHeadersAsync(api, person, ("X-Forwarded-For", $"198.51.100.{attempt + 1}"))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
        Assert.All(await LoggedAddressesAsync(api, person), ip => Assert.Equal("127.0.0.1", ip));
    }

    [Fact]
    public async Task LocalHost_SetsForwardedForToTheAddressItSaw_AsTheFunctionsHostDoes_SoNoEntryOfTheCallersReachesTheApp()
    {
        // ForwardLimit 1 on X-Forwarded-For would believe one entry if any reached the function; none does.
        await using var api = await ApiHost.StartAsync(settings => settings["ClientAddress:ForwardLimit"] = "1");
        var person = await api.RegisterAsync();

        await FailFromAsync(api, person, "192.0.2.80", ("X-Forwarded-For", "198.51.100.81"));
        await FailFromAsync(api, person, "192.0.2.82", ("X-Forwarded-For", "198.51.100.83, 198.51.100.84"));

        Assert.Equal(["192.0.2.80", "192.0.2.82"], await LoggedAddressesAsync(api, person));
    }

    [Fact]
    public async Task DefaultSettings_TakeTheAddressTheFrontEndSaw_WhateverTheCallerWrites()
    {
        var person = await Api.RegisterAsync();

        await FailFromAsync(Api, person, "192.0.2.71", ("X-Forwarded-For", "198.51.100.70"), (ProxyHeader, "198.51.100.69"));
        await FailFromAsync(Api, person, "192.0.2.72:50123");
        await FailFromAsync(Api, person, "[2001:db8::73]:443");

        Assert.Equal(["192.0.2.71", "192.0.2.72", "2001:db8::73"], await LoggedAddressesAsync(Api, person));
    }

    [Fact]
    public async Task KnownProxy_IsTrustedForTheEntryItWrote_AndAnUntrustedAddressKeepsItsOwn()
    {
        await using var api = await ApiHost.StartAsync(settings =>
        {
            settings["ClientAddress:Header"] = ProxyHeader;
            settings["ClientAddress:ForwardLimit"] = "1";
            settings["ClientAddress:KnownProxies"] = "203.0.113.7";
        });
        var person = await api.RegisterAsync();

        await FailFromAsync(api, person, "203.0.113.7", (ProxyHeader, "198.51.100.40"));
        await FailFromAsync(api, person, "192.0.2.50", (ProxyHeader, "198.51.100.41"));

        Assert.Equal(["192.0.2.50", "198.51.100.40"], await LoggedAddressesAsync(api, person));
    }

    [Fact]
    public async Task KnownNetwork_IsTrustedHopByHop_UpToTheForwardLimit()
    {
        await using var api = await ApiHost.StartAsync(settings =>
        {
            settings["ClientAddress:Header"] = ProxyHeader;
            settings["ClientAddress:ForwardLimit"] = "3";
            settings["ClientAddress:KnownNetworks"] = "203.0.113.0/24, 2001:db8:f::/48";
        });
        var person = await api.RegisterAsync();

        await FailFromAsync(api, person, "203.0.113.9", (ProxyHeader, "10.1.1.1, 198.51.100.42, 203.0.113.8:1234"));
        await FailFromAsync(api, person, "203.0.113.9", (ProxyHeader, "198.51.100.43, 192.0.2.60"));
        await FailFromAsync(api, person, "2001:db8:f::2", (ProxyHeader, "198.51.100.44, [2001:db8:f::1]:80"));

        Assert.Equal(["192.0.2.60", "198.51.100.42", "198.51.100.44"], await LoggedAddressesAsync(api, person));
    }

    [Fact]
    public async Task ForwardLimit_WithoutKnownProxies_CountsHops_AndStopsAtAnUnparsableEntry()
    {
        await using var api = await ApiHost.StartAsync(settings =>
        {
            settings["ClientAddress:Header"] = ProxyHeader;
            settings["ClientAddress:ForwardLimit"] = "2";
        });
        var person = await api.RegisterAsync();

        await FailFromAsync(api, person, "192.0.2.52", (ProxyHeader, "10.9.9.9, 198.51.100.50, 198.51.100.51"));
        await FailFromAsync(api, person, "192.0.2.54", (ProxyHeader, "198.51.100.53, garbage"));

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

    private static async Task FailFromAsync(ApiHost api, TestPerson person, string? frontEndSaw, params (string Name, string Value)[] headers) =>
        await (await LoginWithHeadersAsync(api, person, [.. headers, .. frontEndSaw is null ? Array.Empty<(string, string)>() : [(ApiHost.FrontEndAddressHeader, frontEndSaw)]]))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

    private static async Task<HttpResponseMessage> LoginWithHeadersAsync(ApiHost api, TestPerson person, params (string Name, string Value)[] headers)
    {
        var body = new Dictionary<string, object?>(SignInKit.PersonalFields(person.Phone, SignInKit.WrongPassword)) { ["captcha"] = await api.CaptchaAsync() };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await api.Client.SendAsync(request);
    }

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
