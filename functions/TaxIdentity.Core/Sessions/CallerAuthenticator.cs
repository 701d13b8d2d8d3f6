using TaxIdentity.Core.Agreement;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.CrossRegion;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Sessions;

/// <summary>
/// Validates the access token's signature and lifetime, then reads its session and person: a revoked or
/// expired session, a changed security stamp (password change, deregistration) or an inactive person end
/// access at once, whatever the token's own expiry. Two point reads per request (three for a QR-made session,
/// which also ends with the app session that approved it), and one more for a session acting as an enterprise
/// identity: that identity must still exist and be within its validity (a deleted handler, a replaced legal
/// representative or an identity past its validity end ends the session on its next request), and for a session acting in
/// a cross-region item one more for the item, which ends the session once it lapses.
/// </summary>
public sealed class CallerAuthenticator(
    AccessTokens tokens, SessionService sessions, PersonDirectory persons, AgreementPolicy agreement, IdentityDirectory identities, CrossRegionItems items,
    TimeProvider time)
    : ICallerAuthenticator
{
    public async Task<Outcome<Caller>> AuthenticateAsync(string? bearerToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(bearerToken) || bearerToken.Length > 4096 || await tokens.ValidateAsync(bearerToken) is not { } claims)
        {
            return Problem.Unauthenticated();
        }

        var sessionTask = sessions.FindAsync(claims.SessionId, cancellationToken);
        var personTask = persons.FindAsync(claims.PersonId, cancellationToken);
        var (session, person) = (await sessionTask, await personTask);
        if (session is null || session.Revoked || session.ExpiresAt <= time.GetUtcNow() || session.PersonId != claims.PersonId
            || person is null || person.PersonStatus != PersonStatus.Active || !SecurityStamps.Admit(person, session)
            || await sessions.ApprovingSessionEndedAsync(session, cancellationToken))
        {
            return Problem.Unauthenticated("The session has ended; sign in again.");
        }

        IdentityEntity? identity = null;
        if (session.Current.Kind != IdentityKind.Personal)
        {
            identity = await identities.CurrentAsync(person.PersonId, session.Current, cancellationToken);

            // H3 as D8: a session acting in a cross-region item ends once the item lapses (one more read, item sessions only).
            if (identity is null || !await items.HoldsAsync(session.Current, cancellationToken))
            {
                await sessions.RevokeAsync(session, SessionService.IdentityEndedReason, cancellationToken);
                return Problem.Unauthenticated(SessionService.IdentityEnded);
            }
        }

        return new Caller(person, session, agreement.IsRequired(person), identity);
    }
}
