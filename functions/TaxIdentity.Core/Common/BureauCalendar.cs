namespace TaxIdentity.Core.Common;

/// <summary>The bureau's calendar: China Standard Time, UTC+8 all year round.</summary>
public static class BureauCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The bureau's calendar day of the instant, against which validity dates (D8, H3) are read.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The bureau day that holds the instant: its first instant and the first instant of the next day.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) DayOf(DateTimeOffset instant)
    {
        var start = new DateTimeOffset(instant.ToOffset(Offset).Date, Offset);
        return (start.ToUniversalTime(), start.AddDays(1).ToUniversalTime());
    }
}
