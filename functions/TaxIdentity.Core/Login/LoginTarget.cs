using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.Login;

/// <summary>What a login asks for: a mode, and for enterprise modes the enterprise and maybe an identity type.</summary>
public sealed record LoginTarget(LoginMode Mode, string? CreditCode, SpecificSubjectType? SubjectType, IdentityType? IdentityType)
{
    public LoginType LoginType => Mode == LoginMode.Personal ? LoginType.Personal : LoginType.Enterprise;

    /// <summary>The same check, deferred until the caller has its <see cref="FieldErrors"/>.</summary>
    public static Func<FieldErrors, LoginTarget?> From(LoginMode? mode, string? creditCode, SpecificSubjectType? subjectType, IdentityType? identityType) =>
        errors => From(errors, mode, creditCode, subjectType, identityType);

    /// <summary>Checks the fields the mode needs; returns the normalized target or null with errors recorded.</summary>
    public static LoginTarget? From(FieldErrors errors, LoginMode? mode, string? creditCode, SpecificSubjectType? subjectType, IdentityType? identityType)
    {
        if (!errors.Required("mode", mode))
        {
            return null;
        }

        if (mode == LoginMode.Personal)
        {
            return new LoginTarget(LoginMode.Personal, null, null, null);
        }

        string? code = null;
        if (errors.Required("creditCode", creditCode))
        {
            code = TaxpayerId.Normalize(creditCode, out var error);
            if (error is not null)
            {
                errors.Add("creditCode", error);
            }
        }

        if (mode == LoginMode.SpecificSubject)
        {
            errors.Required("subjectType", subjectType);
        }

        return code is null ? null : new LoginTarget(mode.Value, code, subjectType, identityType);
    }
}

/// <summary>What a login resolves to: the identity to start with (null: may not enter), the enterprise, the identities read.</summary>
public sealed record LoginResolution(CurrentIdentity? Identity, EnterpriseEntity? Enterprise, IReadOnlyList<HeldIdentity>? Held);

/// <summary>Picks the identity a login lands on: only a person holding a usable identity in that enterprise gets in.</summary>
public sealed class LoginIdentityResolver(EnterpriseDirectory enterprises, IdentityDirectory identities, IdentityStore identityStore)
{
    /// <summary>A person partition no person has: an unknown account's membership costs the same one query as a known one's.</summary>
    private const string Nobody = "nobody";

    /// <summary>
    /// Whether a failed attempt belongs in the enterprise's log: the person holds an identity there (usable or not). An
    /// account nobody holds reads an empty partition instead, so unknown, wrong and locked accounts cost alike (A12).
    /// </summary>
    public async Task<bool> HoldsAnyIdentityAsync(PersonEntity? person, EnterpriseEntity enterprise, CancellationToken cancellationToken)
    {
        var rows = await identityStore.ListForPersonAsync(person?.PersonId ?? Nobody, cancellationToken);
        return person is not null && rows.Any(row => row.EnterpriseId == enterprise.EnterpriseId);
    }

    /// <summary>
    /// The identity to start the session with, or null (with the enterprise when one was found) when the person
    /// may not enter; also the person's usable identities when they were read, for the session to reuse.
    /// </summary>
    public async Task<LoginResolution> ResolveAsync(LoginTarget target, PersonEntity? person, CancellationToken cancellationToken)
    {
        if (target.Mode == LoginMode.Personal)
        {
            return new(person is null ? null : CurrentIdentity.Personal, null, null);
        }

        var enterprise = await enterprises.FindByCreditCodeAsync(target.CreditCode!, cancellationToken);
        if (enterprise is null || person is null || !ModeFits(target, enterprise))
        {
            return new(null, enterprise, null);
        }

        var all = await identities.ListAsync(person.PersonId, cancellationToken);
        var chosen = await identities.ChooseHeldAsync(all, person.PersonId, enterprise.EnterpriseId, target.IdentityType, cancellationToken);
        return new(chosen is { } type ? new CurrentIdentity(IdentityKind.Enterprise, enterprise.EnterpriseId, type) : null, enterprise, all);
    }

    private static bool ModeFits(LoginTarget target, EnterpriseEntity enterprise) => target.Mode switch
    {
        LoginMode.Enterprise => enterprise.Kind == EnterpriseKind.Ordinary.ToText(),
        LoginMode.NonResident => enterprise.Kind == EnterpriseKind.NonResident.ToText(),
        LoginMode.SpecificSubject => target.SubjectType is { } subject && enterprise.SubjectTypes.Contains(subject),
        _ => false,
    };
}
