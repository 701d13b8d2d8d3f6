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
        await using var api = await SignInKit.StartOnClockAsync(clock, settings => settings["Login:RequestsPerMinutePerClient"] = "3");
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
    public async Task Throttle_KeysOnTheLastForwardedAddress_SoPrependedAddressesDoNotEscapeIt()
    {
        var clock = SignInKit.NewClock();
        await using var api = await SignInKit.StartOnClockAsync(clock, settings => settings["Login:RequestsPerMinutePerClient"] = "3");
        var person = await api.RegisterAsync();
        var fields = SignInKit.PersonalFields(person.Phone, SignInKit.WrongPassword);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await (await api.LoginFromAsync(fields, $"10.0.0.{attempt}, 203.0.113.20")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var forged = await api.LoginFromAsync(fields, "10.9.9.9, 203.0.113.20");

        await forged.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task RateLimitedClient_GetsThroughAgain_InTheNextMinute()
    {
        var clock = SignInKit.NewClock();
        await using var api = await SignInKit.StartOnClockAsync(clock, settings => settings["Login:RequestsPerMinutePerClient"] = "3");
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
}
