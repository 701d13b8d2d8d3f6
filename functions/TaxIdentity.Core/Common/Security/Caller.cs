namespace TaxIdentity.Core.Common.Security;

/// <summary>Who is calling, as established from the bearer token.</summary>
public sealed record Caller(string PersonId, string SessionId);

/// <summary>
/// Turns a bearer token into a <see cref="Caller"/>. The HTTP layer calls it for every endpoint that needs
/// a signed-in person; the sign-in feature supplies the implementation that validates its tokens.
/// </summary>
public interface ICallerAuthenticator
{
    Task<Results.Outcome<Caller>> AuthenticateAsync(string? bearerToken, CancellationToken cancellationToken);
}

/// <summary>Until sign-in issues tokens, no token is valid.</summary>
public sealed class NoTokensAuthenticator : ICallerAuthenticator
{
    public Task<Results.Outcome<Caller>> AuthenticateAsync(string? bearerToken, CancellationToken cancellationToken) =>
        Task.FromResult<Results.Outcome<Caller>>(Results.Problem.Unauthenticated());
}
