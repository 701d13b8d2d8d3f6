using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Enterprises;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// D11, nobody grants beyond their own, on every grant path (invitation, approval, handler change, assist code): no
/// manager grants to or changes themselves; nobody grants a function they don't hold or a validity end later than
/// their own (the legal representative and the financial officer hold every function without end, so only the identity
/// type bounds them); only the legal representative or the financial officer touches a manager's identity
/// (legal representative, financial officer, administrator). Every refusal is 403.
/// </summary>
public static class GrantAuthority
{
    /// <summary>A grant or change of someone's identity: not the actor's own, within the actor's authority.</summary>
    public static Problem? Check(EnterpriseActor actor, string targetPersonId, IdentityType targetType, IReadOnlyList<string>? functions, DateOnly? validUntil) =>
        NotSelf(actor, targetPersonId) ?? Within(actor, targetType, functions, validUntil);

    /// <summary>What is granted (type, functions, validity end) is within the actor's authority, whoever it is for.</summary>
    public static Problem? Within(EnterpriseActor actor, IdentityType targetType, IReadOnlyList<string>? functions, DateOnly? validUntil) =>
        MayTouch(actor, targetType) ?? WithinFunctions(actor, functions) ?? WithinValidity(actor, validUntil);

    public static Problem? NotSelf(EnterpriseActor actor, string targetPersonId) =>
        targetPersonId == actor.PersonId ? Problem.Forbidden("Nobody grants to or changes their own identity; another manager has to.") : null;

    public static Problem? MayTouch(EnterpriseActor actor, IdentityType targetType) =>
        targetType.IsManager() && !actor.IdentityType.IsProtected()
            ? Problem.Forbidden("Only the legal representative or the financial officer grants or changes a legal representative's, financial officer's or administrator's identity.")
            : null;

    public static Problem? WithinFunctions(EnterpriseActor actor, IReadOnlyList<string>? functions) =>
        functions?.FirstOrDefault(code => !actor.Functions.Contains(code, StringComparer.Ordinal)) is { } beyond
            ? Problem.Forbidden($"'{beyond}' is not in your own function set; nobody grants a function they don't hold.")
            : null;

    public static Problem? WithinValidity(EnterpriseActor actor, DateOnly? validUntil) =>
        validUntil is { } until && actor.ValidUntil is { } own && until > own
            ? Problem.Forbidden($"The validity end can't be later than your own ({own:yyyy-MM-dd}).")
            : null;
}
