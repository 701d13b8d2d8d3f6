using System.ComponentModel;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Login;

namespace TaxIdentity.Core.Logs;

/// <summary>The raw query of a login-log page (I1; I2 reads only loginType, from, to, pageSize and continuation).</summary>
public sealed record LoginLogQuery(
    string? LoginType = null,
    string? From = null,
    string? To = null,
    string? Name = null,
    string? IdentityType = null,
    string? PageSize = null,
    string? Continuation = null);

/// <summary>One login attempt as the log pages show it; the person's name masked.</summary>
public sealed record LoginLogItem(
    DateTimeOffset At,
    LoginType LoginType,
    LoginMethod Method,
    [property: Description("Masked; absent for an attempt naming no known person.")] string? PersonName,
    IdentityType? IdentityType,
    LoginOutcome Outcome,
    string Ip,
    string? UserAgent,
    [property: Description("The cross-region item a switch moved into (H3).")] string? ItemId);

/// <summary>A page of login attempts, newest first.</summary>
public sealed record LoginLogPage(
    IReadOnlyList<LoginLogItem> Items,
    [property: Description("Send it back as the continuation query parameter, with the same filters, for the next page; absent on the last page.")] string? Continuation);
