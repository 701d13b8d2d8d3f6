using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.Enterprises;

/// <summary>The signed-in person acting for the enterprise of their current identity, as checked on this request.</summary>
public sealed record EnterpriseActor(string EnterpriseId, string PersonId, IdentityType IdentityType, IReadOnlyList<string> Functions, DateOnly? ValidUntil = null)
{
    public static EnterpriseActor Of(IdentityEntity identity) => new(
        identity.EnterpriseId, identity.PersonId, identity.Type, identity.FunctionCodes,
        identity.ValidUntil is null ? null : DateOnly.ParseExact(identity.ValidUntil, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// The enterprise side's access rules. D10: an endpoint declares the function it needs beside itself, and the HTTP
/// layer checks it with <see cref="Holding"/> before the service runs; the managers-only rule (<see cref="Manager"/>)
/// and the enterprise of the current identity are the services' own. The identity is read fresh on every request by
/// the authenticator, so a deleted identity or a removed function stops working at once. Everything else answers 403.
/// </summary>
public static class EnterpriseAccess
{
    /// <summary>D10: the current identity is an enterprise's and holds the function.</summary>
    public static Problem? Holding(Caller caller, string function) =>
        caller.Identity is not { } identity ? Problem.Forbidden("Switch to an identity in the enterprise first.")
        : !identity.FunctionCodes.Contains(function, StringComparer.Ordinal) ? Problem.Forbidden($"The current identity lacks the '{function}' function.")
        : null;

    /// <summary>A manager (legal representative, financial officer, administrator) acting for the enterprise of their current identity.</summary>
    public static Outcome<EnterpriseActor> Manager(Caller caller)
    {
        if (caller.Current.Kind != IdentityKind.Enterprise || caller.Identity is not { } identity)
        {
            return Problem.Forbidden("Switch to an identity in the enterprise first.");
        }

        if (!identity.Type.IsManager())
        {
            return Problem.Forbidden("Only the legal representative, the financial officer and administrators manage handlers.");
        }

        return EnterpriseActor.Of(identity);
    }

    /// <summary>
    /// Any identity the session acts as in an enterprise (also inside one of its cross-region items), read fresh on this
    /// request: the enterprise's basic information (C1, C2) and its cross-region items (H3). Personal business answers 403.
    /// </summary>
    public static Outcome<EnterpriseActor> Member(Caller caller) =>
        caller.Current.Kind != IdentityKind.Personal && caller.Identity is { } identity
            ? EnterpriseActor.Of(identity)
            : Problem.Forbidden("Switch to an identity in the enterprise first.");
}
