using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using TaxIdentity.Core.Common.Masking;

namespace TaxIdentity.Functions.Common.Http;

/// <summary>
/// A request path as logs may hold it: ID numbers and phones masked. The values of route parameters named
/// <c>idNumber</c> or <c>phone</c> (read from the functions' own route templates) are masked, and so is any
/// other segment that looks like one (all digits, possibly a leading + or a trailing X).
/// </summary>
public static partial class LoggedPath
{
    private static readonly Dictionary<string, Func<string, string>> Sensitive = new(StringComparer.OrdinalIgnoreCase)
    {
        ["idNumber"] = Mask.IdNumber,
        ["phone"] = Mask.Phone,
    };

    private static readonly TemplateMatcher[] Templates =
    [
        .. HttpFunctionCatalog.All
            .Where(function => Sensitive.Keys.Any(name => function.Route.Contains('{' + name, StringComparison.OrdinalIgnoreCase)))
            .Select(function => new TemplateMatcher(TemplateParser.Parse(HttpFunctionCatalog.RoutePrefix + "/" + function.Route), new RouteValueDictionary())),
    ];

    public static string Of(PathString path)
    {
        var masked = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var template in Templates)
        {
            var values = new RouteValueDictionary();
            if (!template.TryMatch(path, values))
            {
                continue;
            }

            foreach (var (name, value) in values)
            {
                if (Sensitive.TryGetValue(name, out var mask) && value?.ToString() is { Length: > 0 } text)
                {
                    masked[text] = mask(text);
                }
            }

            break;
        }

        var segments = (path.Value ?? string.Empty).Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = Uri.UnescapeDataString(segments[i]);
            segments[i] = masked.TryGetValue(segment, out var known) ? known
                : NumberLike().IsMatch(segment) ? Mask.IdNumber(segment)
                : segments[i];
        }

        return string.Join('/', segments);
    }

    /// <summary>A segment that may be an ID number or a phone: seven or more digits, maybe with + before or X after.</summary>
    [GeneratedRegex(@"^\+?[0-9]{7,}[Xx]?$")]
    private static partial Regex NumberLike();
}
