using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Throttling;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Passwords;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Sessions;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Login;

/// <summary>
/// A2-A6 and A12: password and SMS-code logins in the four modes. Every failure, whatever its cause
/// (unknown account, wrong password or code, no identity in that enterprise, locked account), gets the
/// same answer, and every password login pays exactly one password hash.
/// </summary>
public sealed class LoginService(
    AccountDirectory accounts,
    PasswordHashing hashing,
    CaptchaService captchas,
    SmsCodeService smsCodes,
    LoginIdentityResolver resolver,
    Lockout lockout,
    SessionService sessions,
    LoginLog log,
    FixedWindowCounter counter,
    IOptions<LoginOptions> options)
{
    public static Problem InvalidCredentials { get; } =
        new(401, ErrorCodes.InvalidCredentials, "Login failed.", "The account, password or code is wrong, or the account may not sign in here.");

    public async Task<Outcome<SessionResponse>> PasswordLoginAsync(PasswordLoginRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(
            LoginTarget.From(request.Mode, request.CreditCode, request.SubjectType, request.IdentityType), request.Account, ("password", request.Password), client, cancellationToken);
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
        var check = hashing.Verify(person?.PasswordHash, request.Password!);
        var (identity, enterprise, held) = await resolver.ResolveAsync(target, person, cancellationToken);
        var failure = FailureOf(person, identity, passwordRight: check != PasswordCheck.Failed);
        if (failure is not null)
        {
            if (person is not null && failure == "wrongPassword")
            {
                await lockout.RecordFailureAsync(person, cancellationToken);
            }

            await LogAsync(target, LoginMethod.Password, person, enterprise?.EnterpriseId, identity, failure, client, cancellationToken);
            return InvalidCredentials;
        }

        await lockout.RecordSuccessAsync(person!, check == PasswordCheck.SucceededRehashNeeded ? request.Password : null, cancellationToken);
        await LogAsync(target, LoginMethod.Password, person, enterprise?.EnterpriseId, identity, null, client, cancellationToken);
        return await sessions.StartAsync(person!, identity!, cancellationToken, held);
    }

    public async Task<Outcome<SessionResponse>> SmsLoginAsync(SmsLoginRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(
            LoginTarget.From(request.Mode, request.CreditCode, request.SubjectType, request.IdentityType), request.Account, ("verification", request.Verification), client, cancellationToken);
        if (!prepared.Succeeded)
        {
            return prepared.Problem;
        }

        var target = prepared.Value;

        var person = await accounts.FindAsync(request.Account, cancellationToken);
        var (identity, enterprise, held) = await resolver.ResolveAsync(target, person, cancellationToken);
        var codeRight = person is not null && (await smsCodes.VerifyAsync(
            request.Verification!, VerificationPurpose.Login, person.DefaultPhone, person.PersonId, consume: true, cancellationToken)).Succeeded;
        var failure = FailureOf(person, identity, codeRight);
        await LogAsync(target, LoginMethod.Sms, person, enterprise?.EnterpriseId, identity, failure == "wrongPassword" ? "wrongCode" : failure, client, cancellationToken);
        if (failure is not null)
        {
            return InvalidCredentials;
        }

        await lockout.RecordSuccessAsync(person!, password: null, cancellationToken);
        return await sessions.StartAsync(person!, identity!, cancellationToken, held);
    }

    /// <summary>Checks the fields every login needs, then the per-client throttle.</summary>
    private async Task<Outcome<LoginTarget>> PrepareAsync(
        Func<FieldErrors, LoginTarget?> target, string? account, (string Field, object? Value) secret, ClientInfo client, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var resolved = target(errors);
        errors.Required("account", account);
        errors.Required(secret.Field, secret.Value);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await ThrottleAsync(client, cancellationToken) is { } throttled ? throttled : resolved!;
    }

    /// <summary>A12 per-client throttle, shared by the endpoints that let anonymous callers try secrets.</summary>
    public async Task<Problem?> ThrottleAsync(ClientInfo client, CancellationToken cancellationToken)
    {
        var taken = await counter.TryTakeAsync("client|" + client.Ip, options.Value.RequestsPerMinutePerClient, TimeSpan.FromMinutes(1), cancellationToken);
        return taken.Allowed ? null : Problem.RateLimited(taken.RetryAfterSeconds);
    }

    private string? FailureOf(PersonEntity? person, CurrentIdentity? identity, bool passwordRight) =>
        person is null || person.PersonStatus != PersonStatus.Active ? "unknownAccount"
        : lockout.IsLocked(person) ? "locked"
        : !passwordRight ? "wrongPassword"
        : identity is null ? "noIdentity"
        : null;

    private Task LogAsync(
        LoginTarget target, LoginMethod method, PersonEntity? person, string? enterpriseId, CurrentIdentity? identity, string? failure, ClientInfo client, CancellationToken cancellationToken) =>
        log.WriteAsync(
            new LoginAttempt(
                target.LoginType,
                method,
                person?.PersonId,
                person?.Name,
                enterpriseId,
                identity?.IdentityType ?? target.IdentityType,
                failure is null ? LoginOutcome.Success : LoginOutcome.Failure,
                failure,
                client),
            cancellationToken);
}
