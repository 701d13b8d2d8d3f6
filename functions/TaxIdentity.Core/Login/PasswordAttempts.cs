using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Passwords;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Login;

/// <summary>What a password attempt was granted before the hash: a numbered try, or none because the account is locked.</summary>
public readonly record struct AttemptReservation(PersonEntity? Person, int Attempt)
{
    public bool MayTry => Attempt > 0;
}

/// <summary>
/// A12: per-account lockout that holds under parallel requests. Every password attempt first reserves a
/// numbered try with an ETag-guarded write on the account's row, counted as a failure until it proves
/// otherwise; only then is the password hashed. So a burst gets exactly the tries a sequence would: after
/// MaxFailures reservations the account is locked (LockoutMinutes, doubling up to 15 minutes) and every further
/// attempt, right password or not, is refused until the lock ends. A success gives back only its own try and
/// those reserved before it, never failures reserved after it; if the lock was set by tries that include its own,
/// it is undone when the tries after it stay under the limit (what the same requests in sequence would have left).
/// An account nobody holds gets a stand-in row (<see cref="AccountAttemptsEntity"/>) so it costs the same storage
/// work; the SMS code and the password reset are other factors and never look at this state.
/// </summary>
public sealed class PasswordAttempts(
    TableStore store, PersonDirectory persons, PasswordHashing hashing, ServerKeys keys, IOptions<LoginOptions> options, TimeProvider time)
{
    /// <summary>How long a stand-in row is kept after its last attempt.</summary>
    private static readonly TimeSpan StandInKept = TimeSpan.FromDays(1);

    /// <summary>Reserves a try on the person's row, or on the stand-in row of an account nobody holds: one read (done already for a person) and one write.</summary>
    public async Task<AttemptReservation> ReserveAsync(PersonEntity? person, string account, CancellationToken cancellationToken)
    {
        if (person is not null)
        {
            var attempt = 0;
            var saved = await persons.UpdateAsync(person, current =>
            {
                attempt = Reserve(current);
                return true;
            }, cancellationToken);
            if (saved is not null)
            {
                return new AttemptReservation(saved, attempt);
            }
        }

        return await ReserveForUnknownAsync(account, cancellationToken);
    }

    /// <summary>
    /// After the right password: gives back this try and the failures reserved before it, and stores a fresh
    /// hash when the hashing parameters changed.
    /// </summary>
    public Task RecordSuccessAsync(AttemptReservation reservation, string? rehashPassword, CancellationToken cancellationToken)
    {
        var newHash = rehashPassword is null ? null : hashing.Hash(rehashPassword);
        return persons.UpdateAsync(reservation.Person!, current =>
        {
            GiveBack(current, reservation.Attempt);
            current.PasswordHash = newHash ?? current.PasswordHash;
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Applies a proven password to the attempt state (gives back try <paramref name="attempt"/> and the failures reserved
    /// before it), without saving: for a write that saves more with it (a password change, F2).
    /// </summary>
    public void GiveBack(IPasswordAttemptState current, int attempt)
    {
        var now = time.GetUtcNow();
        if (current.LockedUntil > now && current.LockedAtAttempt >= attempt)
        {
            // The lock counted this try as a failure; in sequence it would not have happened.
            current.LockedUntil = null;
            current.LockedAtAttempt = null;
            current.FailedLogins = current.LoginAttempts - attempt;
        }
        else
        {
            current.FailedLogins = Math.Min(current.FailedLogins, current.LoginAttempts - attempt);
        }

        if (!(current.LockedUntil > now))
        {
            current.LockedUntil = null;
            current.LockedAtAttempt = null;
            current.Lockouts = 0;
        }
    }

    /// <summary>Takes the next try (its number), or 0 while the account is locked; the row always changes, so every attempt writes.</summary>
    private int Reserve(IPasswordAttemptState state)
    {
        var now = time.GetUtcNow();
        state.LastAttemptAt = now;
        if (state.LockedUntil > now)
        {
            return 0;
        }

        var attempt = ++state.LoginAttempts;
        if (++state.FailedLogins >= options.Value.MaxFailures)
        {
            state.LockedUntil = now + LockoutLength(state.Lockouts);
            state.LockedAtAttempt = attempt;
            state.Lockouts++;
            state.FailedLogins = 0;
        }

        return attempt;
    }

    private TimeSpan LockoutLength(int earlierLockouts) =>
        TimeSpan.FromMinutes(Math.Min(options.Value.LockoutMinutes * Math.Pow(2, Math.Min(earlierLockouts, 10)), LoginOptions.MaxLockoutMinutes));

    private async Task<AttemptReservation> ReserveForUnknownAsync(string account, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Counters, cancellationToken);
        var partition = AccountAttemptsEntity.PartitionFor(keys.Hash(AccountKey(account)));
        return await TableClientExtensions.RetryOnRaceAsync<AttemptReservation>(async () =>
        {
            var row = await table.FindAsync<AccountAttemptsEntity>(partition, string.Empty, cancellationToken);
            var isNew = row is null;
            row ??= new AccountAttemptsEntity { PartitionKey = partition };
            var attempt = Reserve(row);
            row.WindowEnd = (row.LockedUntil > row.LastAttemptAt ? row.LockedUntil!.Value : row.LastAttemptAt!.Value) + StandInKept;
            var saved = isNew ? await table.TryAddAsync(row, cancellationToken) : await table.TryReplaceAsync(row, cancellationToken);
            return saved ? new AttemptReservation(null, attempt) : null;
        });
    }

    /// <summary>An account as typed, in one spelling per phone number (trimmed, upper case otherwise), for per-account keys.</summary>
    public static string AccountKey(string account)
    {
        var text = account.Trim();
        return Common.Identifiers.PhoneNumber.Normalize(text, out _) ?? text.ToUpperInvariant();
    }
}
