using System.Runtime.Serialization;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Sessions;

public enum IdentityKind
{
    Enterprise,
    Personal,
    CrossRegionInspection,
    CrossRegionTaxSource,
}

/// <summary>
/// Which client signed in (A7). Only an app session, signed in by password or SMS code with a valid X-App-Key, may
/// approve QR logins; the web page's sessions and the sessions QR logins make are web sessions.
/// </summary>
public enum SignInClient
{
    Web,
    App,
}

/// <summary>The identity a session acts as.</summary>
public sealed record CurrentIdentity(IdentityKind Kind, string? EnterpriseId = null, IdentityType? IdentityType = null, string? ItemId = null)
{
    public static CurrentIdentity Personal { get; } = new(IdentityKind.Personal);
}

/// <summary>
/// A sign-in. Partition = session ID. Holds the hash of the current refresh token and of the ones before
/// it, so that presenting a spent token is recognised as reuse.
/// </summary>
public sealed class SessionEntity : TableRow
{
    /// <summary>How many refresh tokens before the previous one a session remembers as spent.</summary>
    public const int EarlierHashesKept = 50;

    [IgnoreDataMember]
    public string SessionId => PartitionKey;
    public string PersonId { get; set; } = string.Empty;

    /// <summary>The person's security stamp when the session began; a different stamp now ends it.</summary>
    public string SecurityStamp { get; set; } = string.Empty;

    public string Kind { get; set; } = IdentityKind.Personal.ToText();
    public string? EnterpriseId { get; set; }
    public string? IdentityType { get; set; }
    public string? ItemId { get; set; }
    public string RefreshHash { get; set; } = string.Empty;
    public string? PreviousRefreshHash { get; set; }

    /// <summary>
    /// Hashes of the refresh tokens spent before <see cref="PreviousRefreshHash"/>, newest first, space-separated,
    /// at most <see cref="EarlierHashesKept"/>: presenting any of them is reuse too, however many rotations ago.
    /// </summary>
    public string? EarlierRefreshHashes { get; set; }
    /// <summary>When the refresh token was last rotated.</summary>
    public DateTimeOffset? RotatedAt { get; set; }

    /// <summary>When the session's refresh token was last handed out (sign-in, refresh or switch); the idle limit counts from here.</summary>
    [IgnoreDataMember]
    public DateTimeOffset LastRefreshedAt => RotatedAt ?? CreatedAt;

    /// <summary>
    /// Which client signed in (A7): <c>app</c> when the login request carried a valid X-App-Key, else <c>web</c>
    /// (also for rows written before the field existed, which read as null).
    /// </summary>
    public string? Client { get; set; }

    /// <summary>The client as <see cref="Client"/> records it; a row without one is a web session.</summary>
    [IgnoreDataMember]
    public SignInClient SignedInWith => Client is { } client && EnumText.TryParse<SignInClient>(client, out var parsed) ? parsed : SignInClient.Web;

    /// <summary>A7: an app session, not made by a QR login, so it may approve one (sessions never chain).</summary>
    [IgnoreDataMember]
    public bool MayApproveQrLogins => SignedInWith == SignInClient.App && ApprovedBySessionId is null;

    /// <summary>For a session made by a QR login (A7): the app session that approved it; this one ends when that one does.</summary>
    public string? ApprovedBySessionId { get; set; }

    public bool Revoked { get; set; }
    public string? RevokedReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Every spent refresh token's hash this session still remembers.</summary>
    [IgnoreDataMember]
    public IEnumerable<string> SpentRefreshHashes =>
        (EarlierRefreshHashes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Prepend(PreviousRefreshHash).OfType<string>();

    [IgnoreDataMember]
    public CurrentIdentity Current
    {
        get => new(
            EnumText.Parse<IdentityKind>(Kind),
            EnterpriseId,
            IdentityType is null ? null : EnumText.Parse<Catalog.IdentityType>(IdentityType),
            ItemId);
        set
        {
            Kind = value.Kind.ToText();
            EnterpriseId = value.EnterpriseId;
            IdentityType = value.IdentityType?.ToText();
            ItemId = value.ItemId;
        }
    }

    /// <summary>Makes <paramref name="nextHash"/> the current refresh token's hash; the current one becomes spent.</summary>
    public void RotateRefreshHash(string nextHash, DateTimeOffset now)
    {
        RotatedAt = now;
        if (PreviousRefreshHash is not null)
        {
            EarlierRefreshHashes = string.Join(' ', SpentRefreshHashes.Take(EarlierHashesKept));
        }

        PreviousRefreshHash = RefreshHash;
        RefreshHash = nextHash;
    }
}
