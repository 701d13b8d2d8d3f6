using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Sessions;

/// <summary>Whether a session survived the person's last security-stamp renewal (password change, reset, deregistration).</summary>
public static class SecurityStamps
{
    /// <summary>
    /// The session began under the current stamp, or it is the one session a password change kept
    /// (<see cref="PersonEntity.StampKeptForSessionId"/>): that one took no extra write, and its next refresh takes the new stamp.
    /// </summary>
    public static bool Admit(PersonEntity person, SessionEntity session) =>
        person.SecurityStamp == session.SecurityStamp
        || (person.StampKeptForSessionId is { } kept && kept == session.SessionId);
}
