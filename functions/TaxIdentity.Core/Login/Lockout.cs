using Microsoft.Extensions.Options;
using TaxIdentity.Core.Passwords;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Login;

/// <summary>
/// A12: per-account lockout. After MaxFailures wrong passwords in a row the account is locked for
/// LockoutMinutes, doubling with each further lockout up to a day; a successful login resets both.
/// </summary>
public sealed class Lockout(PersonDirectory persons, PasswordHashing hashing, IOptions<LoginOptions> options, TimeProvider time)
{
    public bool IsLocked(PersonEntity person) => person.LockedUntil > time.GetUtcNow();

    public Task RecordFailureAsync(PersonEntity person, CancellationToken cancellationToken) =>
        persons.UpdateAsync(person, current =>
        {
            current.FailedLogins++;
            if (current.FailedLogins >= options.Value.MaxFailures)
            {
                var minutes = Math.Min(options.Value.LockoutMinutes * Math.Pow(2, current.Lockouts), 24 * 60);
                current.LockedUntil = time.GetUtcNow().AddMinutes(minutes);
                current.Lockouts++;
                current.FailedLogins = 0;
            }

            return true;
        }, cancellationToken);

    /// <summary>Resets the counters and stores a fresh hash when the hashing parameters changed.</summary>
    public Task RecordSuccessAsync(PersonEntity person, string? password, CancellationToken cancellationToken) =>
        persons.UpdateAsync(person, current =>
        {
            var changed = current.FailedLogins != 0 || current.Lockouts != 0 || current.LockedUntil is not null || password is not null;
            current.FailedLogins = 0;
            current.Lockouts = 0;
            current.LockedUntil = null;
            if (password is not null)
            {
                current.PasswordHash = hashing.Hash(password);
            }

            return changed;
        }, cancellationToken);
}
