using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Throttling;

namespace TaxIdentity.Core.Verification;

/// <summary>
/// Whose budgets one SMS code spends (B1). <see cref="Stranger"/>: the number is not the requester's own (an anonymous
/// purpose, or a signed-in newPhone code to a number not yet the caller's), so it takes the number's share for
/// strangers, never its owner's codes for signed-in purposes. <see cref="Client"/>: the client address whose daily budget
/// and the platform's daily total it counts against (anonymous purposes and newPhone). <see cref="Caller"/>: the
/// signed-in caller's own default phone, whose signed-in codes a newPhone code to another number spends.
/// </summary>
public sealed record SmsCharge(string Phone, bool Stranger, string? Client, string? Caller = null)
{
    /// <summary>An anonymous purpose (register, login, reset) from the client address.</summary>
    public static SmsCharge Anonymous(string phone, string client) => new(phone, Stranger: true, client);

    /// <summary>A signed-in purpose to the caller's own phone.</summary>
    public static SmsCharge Own(string phone) => new(phone, Stranger: false, Client: null);
}

/// <summary>
/// B1's daily budgets, on the bureau's days (China Standard Time): per phone (strangers with a share of their own, so
/// they can't use up the person's codes for signed-in purposes), per client address and overall for the codes whose
/// number the requester chooses, and the caller's own phone for newPhone codes to other numbers (<see cref="SmsCharge"/>).
/// <see cref="CheckAsync"/> runs before a message is sent; <see cref="TakeAsync"/> counts it once ACS has accepted it, so
/// failures cost nothing. Concurrent sends may therefore pass one check together and overshoot a budget by the few
/// that were in flight.
/// </summary>
public sealed class SmsBudget(FixedWindowCounter counter, IOptions<VerificationOptions> options, TimeProvider time)
{
    public const string TotalKey = "sms-total";

    private VerificationOptions Options => options.Value;

    /// <summary>The counter of one phone's codes for strangers (anonymous purposes, other people's newPhone codes) or for its owner's signed-in purposes.</summary>
    public static string PhoneKey(string phone, bool anonymous) => $"sms-phone|{phone}|{(anonymous ? "anonymous" : "signedIn")}";

    public static string ClientKey(string clientIp) => "sms-client|" + clientIp;

    /// <summary>Null when the send fits every budget it is charged to; else 429 with the seconds until the bureau day ends.</summary>
    public async Task<Problem?> CheckAsync(SmsCharge charge, CancellationToken cancellationToken)
    {
        var (day, _) = BureauCalendar.DayOf(time.GetUtcNow());
        Task<int> Count(string key) => counter.CountAsync(key, day, cancellationToken);
        var zero = Task.FromResult(0);
        var counts = await Task.WhenAll(
            Count(PhoneKey(charge.Phone, anonymous: true)),
            Count(PhoneKey(charge.Phone, anonymous: false)),
            charge.Client is null ? zero : Count(ClientKey(charge.Client)),
            charge.Client is null ? zero : Count(TotalKey),
            charge.Caller is null ? zero : Count(PhoneKey(charge.Caller, anonymous: true)),
            charge.Caller is null ? zero : Count(PhoneKey(charge.Caller, anonymous: false)));
        var (strangers, owners, client, total, callerStrangers, callerOwn) = (counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);

        var refused = strangers + owners >= Options.DailySendsPerPhone
            || (charge.Stranger && strangers >= Options.DailyAnonymousSendsPerPhone)
            || (charge.Client is not null && (client >= Options.DailyAnonymousSendsPerClient || total >= Options.DailyAnonymousSendsTotal))
            || (charge.Caller is not null && callerStrangers + callerOwn >= Options.DailySendsPerPhone);
        return refused ? UntilTomorrow() : null;
    }

    /// <summary>Counts one accepted message against the budgets <see cref="CheckAsync"/> checked.</summary>
    public async Task TakeAsync(SmsCharge charge, CancellationToken cancellationToken)
    {
        var (day, end) = BureauCalendar.DayOf(time.GetUtcNow());
        var keys = new List<string> { PhoneKey(charge.Phone, anonymous: charge.Stranger) };
        if (charge.Client is not null)
        {
            keys.Add(ClientKey(charge.Client));
            keys.Add(TotalKey);
        }

        if (charge.Caller is not null)
        {
            keys.Add(PhoneKey(charge.Caller, anonymous: false));
        }

        await Task.WhenAll(keys.Select(key => counter.AddAsync(key, day, end, cancellationToken)));
    }

    private Problem UntilTomorrow()
    {
        var now = time.GetUtcNow();
        var (_, end) = BureauCalendar.DayOf(now);
        return Problem.RateLimited(Math.Max(1, (int)Math.Ceiling((end - now).TotalSeconds)));
    }
}
