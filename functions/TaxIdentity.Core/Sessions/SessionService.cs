using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Agreement;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Sessions;

/// <summary>What the login, refresh and switch endpoints answer.</summary>
public sealed record SessionResponse(
    string AccessToken,
    string RefreshToken,
    int ExpiresIn,
    bool AgreementRequired,
    IdentityView Current,
    IReadOnlyList<IdentityView> Identities,
    [property: System.ComponentModel.Description("app when the login request carried a valid X-App-Key (an app session, which alone approves QR logins), else web.")]
    SignInClient Client);

/// <summary>
/// A11: sessions with short-lived access tokens and opaque refresh tokens that rotate on every use.
/// Refresh tokens are "{sessionId}.{secret}" and stored only as keyed hashes; presenting a spent one
/// revokes the whole session. A session ends at its absolute expiry, when left idle past the idle limit,
/// and when its person is no longer active or changed their security stamp.
/// </summary>
public sealed class SessionService(
    TableStore store, PersonDirectory persons, AccessTokens tokens, ServerKeys keys, IdentityDirectory identities, AgreementPolicy agreement,
    CrossRegion.CrossRegionItems items, IOptions<TokenOptions> options, TimeProvider time)
{
    public const string IdentityEndedReason = "identity ended";
    public const string IdentityEnded = "The identity this session acted as has ended (deleted, replaced or past its validity); sign in again.";

    /// <summary>How long after a rotation the spent token is taken for a concurrent request, not for reuse.</summary>
    public static readonly TimeSpan ConcurrentRefreshGrace = TimeSpan.FromSeconds(5);

    /// <summary>A session whose refresh token goes unused this long ends (Tokens:IdleMinutes).</summary>
    private TimeSpan IdleLimit => TimeSpan.FromMinutes(options.Value.IdleMinutes);

    /// <summary>
    /// Starts a session; <c>held</c> passes the usable identities when the caller has just read them. A session
    /// made by a QR login names the app session that <c>approvedBy</c>: it ends no later than that one (A7), and it is
    /// a web session whatever <paramref name="client"/> says.
    /// </summary>
    public async Task<SessionResponse> StartAsync(
        PersonEntity person, CurrentIdentity current, CancellationToken cancellationToken, IReadOnlyList<HeldIdentity>? held = null, SessionEntity? approvedBy = null,
        SignInClient client = SignInClient.Web)
    {
        var now = time.GetUtcNow();
        var expiresAt = now.AddHours(options.Value.SessionHours);
        var refreshToken = NewRefreshToken(Ids.New(time), out var sessionId);
        var session = new SessionEntity
        {
            PartitionKey = sessionId,
            PersonId = person.PersonId,
            SecurityStamp = person.SecurityStamp,
            Current = current,
            RefreshHash = keys.Hash(refreshToken),
            CreatedAt = now,
            ExpiresAt = approvedBy is not null && approvedBy.ExpiresAt < expiresAt ? approvedBy.ExpiresAt : expiresAt,
            ApprovedBySessionId = approvedBy?.SessionId,
            Client = (approvedBy is null ? client : SignInClient.Web).ToText(),
        };
        var table = await store.GetTableAsync(TableNames.Sessions, cancellationToken);
        await table.AddEntityAsync(session, cancellationToken);
        return await RespondAsync(person, session, refreshToken, cancellationToken, held);
    }

    public async Task<Outcome<SessionResponse>> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        var sessionId = refreshToken?.Split('.', 2)[0];
        if (sessionId is not { Length: > 0 and <= 64 } || refreshToken!.Length > 200)
        {
            return Problem.Unauthenticated("The refresh token is not valid.");
        }

        var table = await store.GetTableAsync(TableNames.Sessions, cancellationToken);
        var session = await table.FindAsync<SessionEntity>(TableKeys.Encode(sessionId), string.Empty, cancellationToken);
        if (session is null || !IsLive(session) || await ApprovingSessionEndedAsync(session, cancellationToken))
        {
            return Problem.Unauthenticated("The session has ended.");
        }

        if (IsIdle(session))
        {
            await RevokeAsync(session, "idle", cancellationToken);
            return Problem.Unauthenticated("The session was idle too long and has ended; sign in again.");
        }

        // The token just rotated by a concurrent request (same client, two tabs) is refused without ending
        // the session, so the request that won keeps working; any other spent token is reuse.
        if (keys.Matches(refreshToken, session.PreviousRefreshHash) && session.RotatedAt > time.GetUtcNow() - ConcurrentRefreshGrace)
        {
            return Problem.Unauthenticated("The refresh token was just used by another request.");
        }

        if (session.SpentRefreshHashes.Any(spent => keys.Matches(refreshToken, spent)))
        {
            await RevokeAsync(session, "refresh token reused", cancellationToken);
            return Problem.Unauthenticated("The refresh token was already used; the session has been ended.");
        }

        var person = await persons.FindAsync(session.PersonId, cancellationToken);
        if (!keys.Matches(refreshToken, session.RefreshHash)
            || person is null || person.PersonStatus != PersonStatus.Active || !SecurityStamps.Admit(person, session))
        {
            return Problem.Unauthenticated("The refresh token is not valid.");
        }

        if (session.Current.Kind != IdentityKind.Personal
            && (await identities.CurrentAsync(person.PersonId, session.Current, cancellationToken) is null || !await items.HoldsAsync(session.Current, cancellationToken)))
        {
            await RevokeAsync(session, IdentityEndedReason, cancellationToken);
            return Problem.Unauthenticated(IdentityEnded);
        }

        var next = NewRefreshToken(sessionId, out _);
        session.RotateRefreshHash(keys.Hash(next), time.GetUtcNow());
        session.SecurityStamp = person.SecurityStamp;

        // Two refreshes with the same token: the ETag lets exactly one rotate it; the other is simply refused.
        return await table.TryReplaceAsync(session, cancellationToken)
            ? await RespondAsync(person, session, next, cancellationToken)
            : Problem.Unauthenticated("The refresh token was just used by another request.");
    }

    /// <summary>H1-H3: moves the session to another identity and hands out fresh tokens.</summary>
    public async Task<Outcome<SessionResponse>> SwitchAsync(PersonEntity person, SessionEntity session, CurrentIdentity current, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Sessions, cancellationToken);
        var next = NewRefreshToken(session.SessionId, out _);
        session.Current = current;
        session.RotateRefreshHash(keys.Hash(next), time.GetUtcNow());
        return await table.TryReplaceAsync(session, cancellationToken)
            ? await RespondAsync(person, session, next, cancellationToken)
            : Problem.Conflict("The session changed meanwhile; try again.");
    }

    public async Task RevokeAsync(SessionEntity session, string reason, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Sessions, cancellationToken);
        session.Revoked = true;
        session.RevokedReason = reason;
        await table.UpsertEntityAsync(session, Azure.Data.Tables.TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Neither revoked nor past its absolute end.</summary>
    public bool IsLive(SessionEntity session) => !session.Revoked && session.ExpiresAt > time.GetUtcNow();

    /// <summary>
    /// Whether the app session that approved this one's QR login has ended (logout, reuse, expiry, idle limit): then
    /// this one has too. One more point read, only for QR-made sessions.
    /// </summary>
    public async Task<bool> ApprovingSessionEndedAsync(SessionEntity session, CancellationToken cancellationToken)
    {
        if (session.ApprovedBySessionId is not { } approvingId)
        {
            return false;
        }

        var approving = await FindAsync(approvingId, cancellationToken);
        return approving is null || !IsLive(approving) || IsIdle(approving);
    }

    /// <summary>Unrefreshed past the idle limit: its next refresh will be refused.</summary>
    public bool IsIdle(SessionEntity session) => session.LastRefreshedAt + IdleLimit <= time.GetUtcNow();

    public async Task<SessionEntity?> FindAsync(string sessionId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Sessions, cancellationToken);
        return await table.FindAsync<SessionEntity>(TableKeys.Encode(sessionId), string.Empty, cancellationToken);
    }

    private async Task<SessionResponse> RespondAsync(
        PersonEntity person, SessionEntity session, string refreshToken, CancellationToken cancellationToken, IReadOnlyList<HeldIdentity>? held = null)
    {
        var views = held is null
            ? await identities.ViewsAsync(person.PersonId, cancellationToken)
            : [IdentityView.Personal, .. held.Select(identity => identity.ToView())];
        return new SessionResponse(
            tokens.Issue(new AccessTokenClaims(person.PersonId, session.SessionId)),
            refreshToken,
            (int)tokens.Lifetime.TotalSeconds,
            agreement.IsRequired(person),
            IdentityDirectory.Current(session.Current, views),
            views,
            session.SignedInWith);
    }

    private static string NewRefreshToken(string sessionId, out string id)
    {
        id = sessionId;
        return sessionId + "." + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
