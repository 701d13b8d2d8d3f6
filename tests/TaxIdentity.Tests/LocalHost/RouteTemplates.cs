namespace TaxIdentity.Tests.LocalHost;

/// <summary>Reasons about route templates (<c>a/{b}/{c?}/{*rest}</c>) without a router.</summary>
public static class RouteTemplates
{
    /// <summary>
    /// Whether some path matches both templates. Literals compare without case, a parameter matches any one
    /// segment (constraints are ignored, so this errs towards reporting an overlap), an optional parameter also
    /// matches nothing, and a catch-all matches whatever remains.
    /// </summary>
    public static bool CanMatchTheSamePath(string first, string second) =>
        Overlap(Segments(first), 0, Segments(second), 0);

    private static Segment[] Segments(string template) =>
        [.. template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Segment.Parse)];

    private static bool Overlap(Segment[] a, int i, Segment[] b, int j)
    {
        if (i == a.Length || j == b.Length)
        {
            return a.Skip(i).All(segment => segment.MatchesNothing) && b.Skip(j).All(segment => segment.MatchesNothing);
        }

        if (a[i].Kind == SegmentKind.CatchAll || b[j].Kind == SegmentKind.CatchAll)
        {
            return true;
        }

        if ((a[i].Kind == SegmentKind.OptionalParameter && Overlap(a, i + 1, b, j))
            || (b[j].Kind == SegmentKind.OptionalParameter && Overlap(a, i, b, j + 1)))
        {
            return true;
        }

        var segmentsMeet = a[i].Kind != SegmentKind.Literal || b[j].Kind != SegmentKind.Literal
            || string.Equals(a[i].Text, b[j].Text, StringComparison.OrdinalIgnoreCase);
        return segmentsMeet && Overlap(a, i + 1, b, j + 1);
    }

    private enum SegmentKind
    {
        Literal,
        Parameter,
        OptionalParameter,
        CatchAll,
    }

    private sealed record Segment(SegmentKind Kind, string Text)
    {
        public bool MatchesNothing => Kind is SegmentKind.OptionalParameter or SegmentKind.CatchAll;

        public static Segment Parse(string text) =>
            !text.Contains('{', StringComparison.Ordinal) ? new(SegmentKind.Literal, text)
            : text.StartsWith("{*", StringComparison.Ordinal) || text.StartsWith("{**", StringComparison.Ordinal) ? new(SegmentKind.CatchAll, text)
            : text.StartsWith('{') && text.EndsWith("?}", StringComparison.Ordinal) ? new(SegmentKind.OptionalParameter, text)

            // A parameter, or a segment mixing literals and parameters: either may match any literal.
            : new(SegmentKind.Parameter, text);
    }
}
