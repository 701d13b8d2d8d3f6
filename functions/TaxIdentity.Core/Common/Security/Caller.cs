using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.Common.Security;

/// <summary>
/// Who is calling, as established from the bearer token, read fresh from storage; <see cref="Identity"/> is the
/// session's current enterprise identity as read on this request (null for personal business).
/// </summary>
public sealed record Caller(PersonEntity Person, SessionEntity Session, bool AgreementRequired, IdentityEntity? Identity = null)
{
    public string PersonId => Person.PersonId;

    public CurrentIdentity Current => Session.Current;
}

/// <summary>Turns a bearer token into a <see cref="Caller"/>; the HTTP layer calls it for endpoints that need a signed-in person.</summary>
public interface ICallerAuthenticator
{
    Task<Outcome<Caller>> AuthenticateAsync(string? bearerToken, CancellationToken cancellationToken);
}
