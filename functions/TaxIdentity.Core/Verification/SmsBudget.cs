using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Throttling;

namespace TaxIdentity.Core.Verification;

/// <summary>
/// B1's daily budgets, on the bureau's days (China Standard Time): per phone (anonymous purposes with a share of
/// their own, so they can't use up the person's codes for signed-in purposes), and for anonymous sends per client
/// address and overall. <see cref="CheckAsync"/> runs before a message is sent; <see cref="TakeAsync"/> counts it
/// once ACS has accepted it, so failures cost nothing. Concurrent sends may therefore pass one check together and
/// overshoot a budget by the few that were in flight.
/// </summary>
public sealed class SmsBudget(FixedWindowCounter counter, IOptions<VerificationOptions> options, TimeProvider time)
{
    public const string TotalKey = "sms-total";

    private VerificationOptions Options => options.Value;

    /// <summary>The counter of one phone's codes for anonymous or for signed-in purposes.</summary>
    public static string PhoneKey(string phone, bool anonymous) => $"sms-phone|{phone}|{(anonymous ? "anonymous" : "signedIn")}";

    public static string ClientKey(string clientIp) => "sms-client|" + clientIp;

    /// <summary>
    /// Null when the send fits every budget; else 429 with the seconds until the bureau day ends. The client's
    /// address is given for an anonymous purpose, null for a signed-in one.
    /// </summary>
    public async Task<Problem?> CheckAsync(string phone, string? anonymousClient, CancellationToken cancellationToken)
    {
        var (day, _) = BureauCalendar.DayOf(time.GetUtcNow());
        var counts = await Task.WhenAll(
            counter.CountAsync(PhoneKey(phone, anonymous: true), day, cancellationToken),
            counter.CountAsync(PhoneKey(phone, anonymous: false), day, cancellationToken),
            anonymousClient is null ? Task.FromResult(0) : counter.CountAsync(ClientKey(anonymousClient), day, cancellationToken),
            anonymousClient is null ? Task.FromResult(0) : counter.CountAsync(TotalKey, day, cancellationToken));
        var (anonymous, signedIn, client, total) = (counts[0], counts[1], counts[2], counts[3]);

        var refused = anonymous + signedIn >= Options.DailySendsPerPhone
            || (anonymousClient is not null && (anonymous >= Options.DailyAnonymousSendsPerPhone
                || client >= Options.DailyAnonymousSendsPerClient
                || total >= Options.DailyAnonymousSendsTotal));
        return refused ? UntilTomorrow() : null;
    }

    /// <summary>Counts one accepted message against the budgets <see cref="CheckAsync"/> checked.</summary>
    public async Task TakeAsync(string phone, string? anonymousClient, CancellationToken cancellationToken)
    {
        var (day, end) = BureauCalendar.DayOf(time.GetUtcNow());
        string[] keys = anonymousClient is null
            ? [PhoneKey(phone, anonymous: false)]
            : [PhoneKey(phone, anonymous: true), ClientKey(anonymousClient), TotalKey];
        await Task.WhenAll(keys.Select(key => counter.AddAsync(key, day, end, cancellationToken)));
    }

    private Problem UntilTomorrow()
    {
        var now = time.GetUtcNow();
        var (_, end) = BureauCalendar.DayOf(now);
        return Problem.RateLimited(Math.Max(1, (int)Math.Ceiling((end - now).TotalSeconds)));
    }
}
