using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Throttling;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Passwords;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Sessions;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Login;

/// <summary>
/// A2-A6 and A12: password and SMS-code logins in the four modes. Every failure, whatever its cause
/// (unknown account, wrong password or code, no identity in that enterprise, locked account), gets the
/// same answer; every password login pays exactly one password hash, after its try was reserved, and an
/// unknown account, a wrong password and a locked account cost the same storage calls. Password attempts
/// are limited per client and per account (as typed), so neither a rotating address nor a rotating account
/// escapes; a password lockout never blocks the SMS code.
/// </summary>
public sealed class LoginService(
    AccountDirectory accounts,
    PasswordHashing hashing,
    CaptchaService captchas,
    SmsCodeService smsCodes,
    LoginIdentityResolver resolver,
    PasswordAttempts attempts,
    SessionService sessions,
    LoginLog log,
    ClientThrottle throttle,
    FixedWindowCounter counter,
    ServerKeys keys,
    IOptions<LoginOptions> options)
{
    public static Problem InvalidCredentials { get; } =
        new(401, ErrorCodes.InvalidCredentials, "Login failed.", "The account, password or code is wrong, or the account may not sign in here.");

    public async Task<Outcome<SessionResponse>> PasswordLoginAsync(PasswordLoginRequest request, ClientInfo client, SignInClient signIn, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(
            LoginTarget.From(request.Mode, request.CreditCode, request.SubjectType, request.IdentityType), request.Account, ("password", request.Password), client,
            limitAccount: true, cancellationToken);
        if (!prepared.Succeeded)
        {
            return prepared.Problem;
        }

        var target = prepared.Value;
        if (await captchas.SpendAsync(request.Captcha, cancellationToken) is { } captchaFailed)
        {
            return captchaFailed;
        }

        var person = await accounts.FindAsync(request.Account, cancellationToken);
        var reservation = await attempts.ReserveAsync(person, request.Account!, cancellationToken);
        var check = hashing.Verify(person?.PasswordHash, request.Password!);
        person = reservation.Person;
        var passwordRight = check != PasswordCheck.Failed;

        // Identities are read only for a password that may enter; otherwise just the enterprise, for the log, so
        // an unknown account, a wrong password and a locked account cost the same.
        var mayEnter = reservation.MayTry && passwordRight && person?.PersonStatus == PersonStatus.Active;
        var (identity, enterprise, held) = await resolver.ResolveAsync(target, mayEnter ? person : null, cancellationToken);
        var failure = FailureOf(person, identity, passwordRight, locked: !reservation.MayTry);
        if (failure is not null)
        {
            // A wrong password needs no write: its reserved try already counts as a failure.
            await LogAsync(target, LoginMethod.Password, person, enterprise, identity, failure, client, cancellationToken);
            return InvalidCredentials;
        }

        await attempts.RecordSuccessAsync(reservation, check == PasswordCheck.SucceededRehashNeeded ? request.Password : null, cancellationToken);
        await LogAsync(target, LoginMethod.Password, person, enterprise, identity, null, client, cancellationToken);
        return await sessions.StartAsync(person!, identity!, cancellationToken, held, client: signIn);
    }

    public async Task<Outcome<SessionResponse>> SmsLoginAsync(SmsLoginRequest request, ClientInfo client, SignInClient signIn, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(
            LoginTarget.From(request.Mode, request.CreditCode, request.SubjectType, request.IdentityType), request.Account, ("verification", request.Verification), client,
            limitAccount: false, cancellationToken);
        if (!prepared.Succeeded)
        {
            return prepared.Problem;
        }

        var target = prepared.Value;

        var person = await accounts.FindAsync(request.Account, cancellationToken);
        var (identity, enterprise, held) = await resolver.ResolveAsync(target, person, cancellationToken);
        var codeRight = person is not null && (await smsCodes.VerifyAsync(
            request.Verification!, VerificationPurpose.Login, person.DefaultPhone, person.PersonId, consume: true, cancellationToken)).Succeeded;
        var failure = FailureOf(person, identity, codeRight, locked: false);
        await LogAsync(target, LoginMethod.Sms, person, enterprise, identity, failure == "wrongPassword" ? "wrongCode" : failure, client, cancellationToken);
        return failure is null ? await sessions.StartAsync(person!, identity!, cancellationToken, held, client: signIn) : InvalidCredentials;
    }

    /// <summary>
    /// Checks the fields every login needs, then the per-client throttle and, for passwords, the per-account one
    /// (both at once: two counters, one round trip of latency).
    /// </summary>
    private async Task<Outcome<LoginTarget>> PrepareAsync(
        Func<FieldErrors, LoginTarget?> target, string? account, (string Field, object? Value) secret, ClientInfo client, bool limitAccount, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var resolved = target(errors);
        errors.Required("account", account);
        errors.Required(secret.Field, secret.Value);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var throttled = await Task.WhenAll(
            ThrottleAsync(client, cancellationToken),
            limitAccount ? ThrottleAccountAsync(account!, cancellationToken) : Task.FromResult<Problem?>(null));
        return throttled.FirstOrDefault(problem => problem is not null) is { } problem ? problem : resolved!;
    }

    /// <summary>A12 per-client throttle, shared by the endpoints that let anonymous callers try secrets.</summary>
    public Task<Problem?> ThrottleAsync(ClientInfo client, CancellationToken cancellationToken) =>
        throttle.TakeAsync("client", client, options.Value.RequestsPerMinutePerClient, cancellationToken);

    /// <summary>
    /// A12 per-account limit on password attempts, from whatever address: keyed by the account as typed (a keyed
    /// hash of it), for accounts that exist and accounts that don't alike, so its answer tells nothing.
    /// </summary>
    private async Task<Problem?> ThrottleAccountAsync(string account, CancellationToken cancellationToken)
    {
        var key = "login-account-minute|" + keys.Hash(PasswordAttempts.AccountKey(account));
        var taken = await counter.TryTakeAsync(key, options.Value.AttemptsPerMinutePerAccount, TimeSpan.FromMinutes(1), cancellationToken);
        return taken.Allowed ? null : Problem.RateLimited(taken.RetryAfterSeconds);
    }

    private static string? FailureOf(PersonEntity? person, CurrentIdentity? identity, bool passwordRight, bool locked) =>
        person is null || person.PersonStatus != PersonStatus.Active ? "unknownAccount"
        : locked ? "locked"
        : !passwordRight ? "wrongPassword"
        : identity is null ? "noIdentity"
        : null;

    /// <summary>Writes the attempt under the person and, when it named an enterprise, under that enterprise's log if the person is one of its own.</summary>
    private async Task LogAsync(
        LoginTarget target, LoginMethod method, PersonEntity? person, EnterpriseEntity? enterprise, CurrentIdentity? identity, string? failure, ClientInfo client,
        CancellationToken cancellationToken)
    {
        var byMember = identity is not null || (enterprise is not null && await resolver.HoldsAnyIdentityAsync(person, enterprise, cancellationToken));
        await log.WriteAsync(
            new LoginAttempt(
                target.LoginType,
                method,
                person?.PersonId,
                person?.Name,
                enterprise?.EnterpriseId,
                identity?.IdentityType ?? target.IdentityType,
                failure is null ? LoginOutcome.Success : LoginOutcome.Failure,
                failure,
                client,
                ByMember: byMember),
            cancellationToken);
    }
}
