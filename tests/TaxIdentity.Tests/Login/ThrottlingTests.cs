using System.Globalization;
using System.Net;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>
/// A12: per-client throttling. Each test runs its own host allowing three requests a minute per client, on a
/// clock that stands still (so no minute boundary splits the window), and registers its one person from the
/// loopback client, which is not one of the clients under test.
/// </summary>
public sealed class ThrottlingTests
{
    [Fact]
    public async Task FourthLoginInAMinute_FromOneClient_IsRateLimited_WhileAnotherClientGetsThrough()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings => settings["Login:RequestsPerMinutePerClient"] = "3");
        var person = await api.RegisterAsync();
        var fields = SignInKit.PersonalFields(person.Phone, person.Password);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await (await api.LoginFromAsync(fields, "198.51.100.10")).AssertOkAsync();
        }

        var fourth = await api.LoginFromAsync(fields, "198.51.100.10");
        var otherClient = await api.LoginFromAsync(fields, "198.51.100.11");

        await fourth.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(Assert.Single(fourth.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        await otherClient.AssertOkAsync();
    }

    [Fact]
    public async Task Throttle_KeysOnTheAddressTheFrontEndSaw_SoForwardedForEntriesDoNotEscapeIt()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings => settings["Login:RequestsPerMinutePerClient"] = "3");
        var person = await api.RegisterAsync();
        var fields = SignInKit.PersonalFields(person.Phone, SignInKit.WrongPassword);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await (await LoginAsync(api, fields, "203.0.113.20", $"10.0.0.{attempt}")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var forged = await LoginAsync(api, fields, "203.0.113.20", "10.9.9.9");

        await forged.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task RateLimitedClient_GetsThroughAgain_InTheNextMinute()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings => settings["Login:RequestsPerMinutePerClient"] = "3");
        var person = await api.RegisterAsync();
        var fields = SignInKit.PersonalFields(person.Phone, person.Password);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await (await api.LoginFromAsync(fields, "198.51.100.30")).AssertOkAsync();
        }

        await (await api.LoginFromAsync(fields, "198.51.100.30")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");

        clock.Advance(TimeSpan.FromMinutes(1));
        await (await api.LoginFromAsync(fields, "198.51.100.30")).AssertOkAsync();
    }

    [Fact]
    public async Task RotatingClientAddresses_OnOneAccount_AreThrottledByTheAccount_KnownOrNot()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings => settings["Login:AttemptsPerMinutePerAccount"] = "3");
        var person = await api.RegisterAsync();
        var unknownAccount = TestData.Phone();

        foreach (var account in new[] { person.Phone, unknownAccount })
        {
            var fields = SignInKit.PersonalFields(account, SignInKit.WrongPassword);
            for (var attempt = 0; attempt < 3; attempt++)
            {
                await (await api.LoginFromAsync(fields, $"198.51.100.{attempt + 1}")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
            }

            var rotated = await api.LoginFromAsync(fields, "198.51.100.99");

            await rotated.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        }

        var otherAccount = await api.LoginFromAsync(SignInKit.PersonalFields(TestData.Phone(), SignInKit.WrongPassword), "198.51.100.99");
        await otherAccount.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Ipv6Clients_AreThrottledPerSlash64_SoRotatingTheInterfaceIdDoesNotEscape()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings => settings["Login:RequestsPerMinutePerClient"] = "3");
        var person = await api.RegisterAsync();
        var fields = SignInKit.PersonalFields(person.Phone, person.Password);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await (await api.LoginFromAsync(fields, $"2001:db8:7:8::{attempt}")).AssertOkAsync();
        }

        var sameNetwork = await api.LoginFromAsync(fields, "2001:db8:7:8:ffff::1");
        var otherNetwork = await api.LoginFromAsync(fields, "2001:db8:7:9::1");

        await sameNetwork.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        await otherNetwork.AssertOkAsync();
    }

    [Fact]
    public async Task CaptchaIssuance_IsThrottledPerClient()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings => settings["Captcha:IssuesPerMinutePerClient"] = "3");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await (await PostEmptyFromAsync(api, "/api/captcha", "198.51.100.70")).AssertOkAsync(HttpStatusCode.Created);
        }

        var fourth = await PostEmptyFromAsync(api, "/api/captcha", "198.51.100.70");
        var otherClient = await PostEmptyFromAsync(api, "/api/captcha", "198.51.100.71");

        await fourth.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(fourth.Headers.Contains("Retry-After"));
        await otherClient.AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task QrTicketIssuance_IsThrottledPerClient()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings => settings["Login:QrTicketsPerMinutePerClient"] = "3");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await (await PostEmptyFromAsync(api, "/api/auth/qr", "198.51.100.80")).AssertOkAsync(HttpStatusCode.Created);
        }

        var fourth = await PostEmptyFromAsync(api, "/api/auth/qr", "198.51.100.80");
        var otherClient = await PostEmptyFromAsync(api, "/api/auth/qr", "198.51.100.81");

        await fourth.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        await otherClient.AssertOkAsync(HttpStatusCode.Created);
    }

    /// <summary>A password login from the client the front end saw at <paramref name="clientIp"/>, carrying the X-Forwarded-For it wrote itself.</summary>
    private static async Task<HttpResponseMessage> LoginAsync(ApiHost api, IDictionary<string, object?> fields, string clientIp, string forwardedFor)
    {
        var body = new Dictionary<string, object?>(fields) { ["captcha"] = await api.CaptchaAsync() };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation(ApiHost.FrontEndAddressHeader, clientIp);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return await api.Client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostEmptyFromAsync(ApiHost api, string route, string clientIp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route);
        request.Headers.TryAddWithoutValidation(ApiHost.FrontEndAddressHeader, clientIp);
        return await api.Client.SendAsync(request);
    }
}
