using System.Globalization;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Identities;

namespace TaxIdentity.Core.Sessions;

/// <summary>An identity as the API shows it (names and codes masked).</summary>
public sealed record IdentityView(
    IdentityKind Kind,
    string? EnterpriseId,
    string? EnterpriseName,
    string? CreditCode,
    IdentityType? IdentityType,
    IReadOnlyList<string> Functions,
    string? ItemId = null)
{
    public static IdentityView Personal { get; } = new(IdentityKind.Personal, null, null, null, null, []);
}

/// <summary>A usable enterprise identity with its enterprise.</summary>
public sealed record HeldIdentity(IdentityEntity Identity, EnterpriseEntity Enterprise)
{
    public IdentityView ToView() => new(
        IdentityKind.Enterprise,
        Enterprise.EnterpriseId,
        Mask.EnterpriseName(Enterprise.Name),
        Mask.CreditCode(Enterprise.CreditCode),
        Identity.Type,
        Identity.FunctionCodes);
}

/// <summary>The identities a person can act as right now (D8: none past its validity end date).</summary>
public sealed class IdentityDirectory(IdentityStore identities, EnterpriseDirectory enterprises, TimeProvider time)
{
    /// <summary>The bureau's calendar day (China Standard Time), against which validity end dates are read.</summary>
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    public async Task<IReadOnlyList<HeldIdentity>> ListAsync(string personId, CancellationToken cancellationToken)
    {
        var held = (await identities.ListForPersonAsync(personId, cancellationToken)).Where(IsValid).ToList();
        var profiles = await Task.WhenAll(held.Select(identity => identity.EnterpriseId).Distinct()
            .Select(id => enterprises.FindAsync(id, cancellationToken)));
        var byId = profiles.OfType<EnterpriseEntity>().ToDictionary(enterprise => enterprise.EnterpriseId);
        return [.. held.Where(identity => byId.ContainsKey(identity.EnterpriseId))
            .Select(identity => new HeldIdentity(identity, byId[identity.EnterpriseId]))
            .OrderBy(pair => pair.Enterprise.Name, StringComparer.Ordinal)
            .ThenByDescending(pair => pair.Identity.Type.Rank())];
    }

    public async Task<IReadOnlyList<IdentityView>> ViewsAsync(string personId, CancellationToken cancellationToken) =>
        [IdentityView.Personal, .. (await ListAsync(personId, cancellationToken)).Select(identity => identity.ToView())];

    /// <summary>
    /// The identity to act as in an enterprise: the one asked for if the person holds it, else the
    /// highest-ranked one they hold; null when they hold none (or not the one asked for).
    /// </summary>
    public static IdentityType? Choose(IEnumerable<HeldIdentity> held, string enterpriseId, IdentityType? wanted)
    {
        var types = held.Where(pair => pair.Enterprise.EnterpriseId == enterpriseId).Select(pair => pair.Identity.Type).ToList();
        return wanted is { } type
            ? types.Contains(type) ? type : null
            : types.Count == 0 ? null : types.MaxBy(held => held.Rank());
    }

    /// <summary>
    /// A11, D5, D8, D10: the identity a session acts as, read fresh from the enterprise's side (the truth; one point read)
    /// and only while it exists and is within its validity; null otherwise. Null for a personal session too.
    /// </summary>
    public async Task<IdentityEntity?> CurrentAsync(string personId, CurrentIdentity current, CancellationToken cancellationToken)
    {
        if (current.Kind == IdentityKind.Personal || current.EnterpriseId is null || current.IdentityType is not { } type)
        {
            return null;
        }

        var identity = await identities.FindForEnterpriseAsync(current.EnterpriseId, type, personId, cancellationToken);
        return identity is not null && IsValid(identity) ? identity : null;
    }

    /// <summary>
    /// The identity to act as in an enterprise, chosen from the person's copies (<see cref="Choose"/>) and confirmed against
    /// the truth: a copy the truth no longer has is repaired and passed over. Null when none is held (or not the one asked for).
    /// </summary>
    public async Task<IdentityType?> ChooseHeldAsync(IReadOnlyList<HeldIdentity> held, string personId, string enterpriseId, IdentityType? wanted, CancellationToken cancellationToken)
    {
        var candidates = held.ToList();
        while (Choose(candidates, enterpriseId, wanted) is { } chosen)
        {
            var current = new CurrentIdentity(IdentityKind.Enterprise, enterpriseId, chosen);
            if (await CurrentAsync(personId, current, cancellationToken) is not null)
            {
                return chosen;
            }

            await identities.RepairCopyAsync(enterpriseId, chosen, personId, cancellationToken);
            candidates.RemoveAll(pair => pair.Enterprise.EnterpriseId == enterpriseId && pair.Identity.Type == chosen);
        }

        return null;
    }

    public bool IsValid(IdentityEntity identity) =>
        identity.ValidUntil is null
        || (DateOnly.TryParseExact(identity.ValidUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until) && until >= Today);

    /// <summary>The view of the session's current identity, from the identities listed.</summary>
    public static IdentityView Current(CurrentIdentity current, IReadOnlyList<IdentityView> views) =>
        views.FirstOrDefault(view => view.Kind == current.Kind && view.EnterpriseId == current.EnterpriseId
            && view.IdentityType == current.IdentityType && view.ItemId == current.ItemId)
        ?? new IdentityView(current.Kind, current.EnterpriseId, null, null, current.IdentityType, [], current.ItemId);
}
