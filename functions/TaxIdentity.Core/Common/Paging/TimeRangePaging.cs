using System.Globalization;
using TaxIdentity.Core.Common.Validation;

namespace TaxIdentity.Core.Common.Paging;

/// <summary>
/// The time range and page of a newest-first log query (I1, I2, the reveal trail): <c>from</c> and <c>to</c> as ISO 8601
/// instants or as dates (whole days of the bureau's calendar, China Standard Time), both ends included; without them
/// the last 30 days up to now. <see cref="Scope"/> is what a continuation token of this query is bound to.
/// </summary>
public sealed record TimeRangePaging(DateTimeOffset From, DateTimeOffset ToExclusive, int PageSize, string? Continuation, string Scope)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(30);

    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Reads the raw query values (null when left out), recording what is wrong in <paramref name="errors"/>; null when
    /// something is. A value given empty is an error, not "left out".
    /// </summary>
    public static TimeRangePaging? Parse(string? from, string? to, string? pageSize, string? continuation, DateTimeOffset now, FieldErrors errors)
    {
        var start = Bound(errors, "from", from, endOfDay: false);
        var end = Bound(errors, "to", to, endOfDay: true);
        var size = DefaultPageSize;
        if (errors.GivenQuery(pageSize, "pageSize")
            && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            errors.Add("pageSize", $"must be a whole number from 1 to {MaxPageSize}.");
        }

        if (errors.GivenQuery(continuation, "continuation") && continuation.Length > ContinuationTokens.MaxLength)
        {
            errors.Add("continuation", "is not a continuation token of this query.");
        }

        if (errors.Any)
        {
            return null;
        }

        var toExclusive = end ?? now.AddTicks(1);
        var fromInclusive = start ?? toExclusive - DefaultRange;
        if (fromInclusive >= toExclusive)
        {
            errors.Add("to", "must not be before from.");
            return null;
        }

        var scope = string.Join('\u001f', from ?? string.Empty, to ?? string.Empty);
        return new TimeRangePaging(fromInclusive, toExclusive, size, string.IsNullOrEmpty(continuation) ? null : continuation, scope);
    }

    /// <summary>The first page's cursor for rows keyed newest first by <paramref name="rowFor"/> (a falling key, one per instant).</summary>
    public PageCursor FirstPage(Func<DateTimeOffset, string> rowFor) => new(rowFor(ToExclusive.AddTicks(-1)), rowFor(From.AddTicks(-1)));

    /// <summary>
    /// A bound of the range, or null when left out. Checked against the calendar the API accepts (2000 to 2099) before
    /// any arithmetic, so neither 0001-01-01 (before DateTimeOffset's first UTC instant once the bureau's offset is
    /// applied) nor 9999-12-31 (whose next day does not exist) can overflow.
    /// </summary>
    private static DateTimeOffset? Bound(FieldErrors errors, string field, string? text, bool endOfDay)
    {
        if (!errors.GivenQuery(text, field))
        {
            return null;
        }

        DateTimeOffset? value = null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (date.Year is >= 2000 and < 2100)
            {
                var dayStart = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), BureauCalendar.Offset);
                value = (endOfDay ? dayStart.AddDays(1) : dayStart).ToUniversalTime();
            }
        }
        else if (text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            && instant >= Earliest && instant < Latest)
        {
            value = endOfDay ? instant.AddTicks(1) : instant;
        }

        if (value is not { } bound || bound < Earliest || bound > Latest)
        {
            errors.Add(field, "must be a date (yyyy-MM-dd) or an ISO 8601 time from 2000 to 2099.");
            return null;
        }

        return bound;
    }
}
