using TaxIdentity.Core.Agreement;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Sessions;

/// <summary>
/// Validates the access token's signature and lifetime, then reads its session and person: a revoked or
/// expired session, a changed security stamp (password change, deregistration) or an inactive person end
/// access at once, whatever the token's own expiry. Two point reads per request (three for a QR-made session,
/// which also ends with the app session that approved it).
/// </summary>
public sealed class CallerAuthenticator(AccessTokens tokens, SessionService sessions, PersonDirectory persons, AgreementPolicy agreement, TimeProvider time)
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
            || person is null || person.PersonStatus != PersonStatus.Active || person.SecurityStamp != session.SecurityStamp
            || await sessions.ApprovingSessionEndedAsync(session, cancellationToken))
        {
            return Problem.Unauthenticated("The session has ended; sign in again.");
        }

        return new Caller(person, session, agreement.IsRequired(person));
    }
}
