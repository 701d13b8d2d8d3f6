using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Validation;

namespace TaxIdentity.Core.Delegation;

/// <summary>The checks shared by invitations, applications, approvals and handler changes: identity type, function set, validity end.</summary>
public static class GrantValidation
{
    /// <summary>Longest validity an enterprise can grant, in years.</summary>
    public const int MaxValidityYears = 50;

    /// <summary>An identity type an enterprise may grant: not legalRepresentative or financialOfficer, which only the tax office sets (J1).</summary>
    public static IdentityType? AssignableType(FieldErrors errors, string field, IdentityType? type)
    {
        if (!errors.Required(field, type))
        {
            return null;
        }

        if (type.Value.IsProtected())
        {
            errors.Add(field, "can't be granted by an enterprise; only the tax office sets the legal representative and the financial officer.");
            return null;
        }

        return type;
    }

    /// <summary>At least one function, each known and allowed for the identity type, none twice; returned in the order given.</summary>
    public static IReadOnlyList<string>? Functions(FieldErrors errors, string field, IReadOnlyList<string>? functions, IdentityType? type)
    {
        if (!errors.Required(field, functions))
        {
            return null;
        }

        if (functions.Count == 0)
        {
            errors.Add(field, "must name at least one function.");
            return null;
        }

        var unknown = functions.Where(code => !TaxFunctions.IsKnown(code)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(field, $"has unknown functions: {string.Join(", ", unknown.Take(5))}.");
            return null;
        }

        if (functions.Distinct(StringComparer.Ordinal).Count() != functions.Count)
        {
            errors.Add(field, "names a function twice.");
            return null;
        }

        if (type is { } identityType && functions.FirstOrDefault(code => !TaxFunctions.IsGrantableTo(code, identityType)) is { } beyond)
        {
            errors.Add(field, $"'{beyond}' can't be granted to a {identityType.ToText()}.");
            return null;
        }

        return functions;
    }

    /// <summary>A validity end from the bureau's today on.</summary>
    public static DateOnly? ValidUntil(FieldErrors errors, string field, DateOnly? value, DateOnly today)
    {
        if (!errors.Required(field, value))
        {
            return null;
        }

        if (value.Value < today)
        {
            errors.Add(field, "must not be in the past.");
            return null;
        }

        if (value.Value > today.AddYears(MaxValidityYears))
        {
            errors.Add(field, $"must be within {MaxValidityYears} years.");
            return null;
        }

        return value;
    }
}
