using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Validation;

namespace TaxIdentity.Core.Delegation;

/// <summary>The query filters of the delegation lists (D2, D4, D7): identity type, fuzzy name, and for history the kind.</summary>
public sealed record ListFilter(IdentityType? IdentityType, string? Name, HistoryKind? Kind)
{
    public const int MaxNameLength = 50;

    /// <summary>
    /// A parameter left out means "all"; one sent empty (<c>?name=</c>) is an error, not "all", so a client that lost a
    /// value never gets, or clears, more than it asked for.
    /// </summary>
    public static Outcome<ListFilter> Parse(string? identityType, string? name, string? kind = null)
    {
        var errors = new FieldErrors();
        foreach (var (field, value) in new[] { ("identityType", identityType), ("name", name), ("kind", kind) })
        {
            if (value is not null && value.Trim().Length == 0)
            {
                errors.Add(field, "is empty; leave the parameter out to list all.");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        IdentityType? type = null;
        if (!string.IsNullOrEmpty(identityType))
        {
            if (EnumText.TryParse<IdentityType>(identityType, out var parsed))
            {
                type = parsed;
            }
            else
            {
                errors.Add("identityType", $"must be one of {EnumText.Allowed<IdentityType>()}.");
            }
        }

        HistoryKind? historyKind = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (EnumText.TryParse<HistoryKind>(kind, out var parsed))
            {
                historyKind = parsed;
            }
            else
            {
                errors.Add("kind", $"must be one of {EnumText.Allowed<HistoryKind>()}.");
            }
        }

        var trimmed = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        if (trimmed is { Length: > MaxNameLength })
        {
            errors.Add("name", $"must be at most {MaxNameLength} characters.");
        }

        return errors.Any ? errors.ToProblem() : new ListFilter(type, trimmed, historyKind);
    }

    /// <summary>Fuzzy name match (the manual's 模糊查询): the name contains what was typed, ignoring case.</summary>
    public bool MatchesName(string fullName) => Name is null || fullName.Contains(Name, StringComparison.OrdinalIgnoreCase);
}
