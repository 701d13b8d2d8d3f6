using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Login;

/// <summary>The password-attempt state an account's row carries (A12): the person's profile row, or <see cref="AccountAttemptsEntity"/>.</summary>
public interface IPasswordAttemptState
{
    /// <summary>Password tries ever reserved on the account; each try's number.</summary>
    int LoginAttempts { get; set; }

    /// <summary>Reserved tries since the last success or lockout that have not proved the password right.</summary>
    int FailedLogins { get; set; }

    /// <summary>Lockouts since the last success; each doubles the next one's length, up to 15 minutes.</summary>
    int Lockouts { get; set; }

    DateTimeOffset? LockedUntil { get; set; }

    /// <summary>The try whose reservation set the current lock.</summary>
    int? LockedAtAttempt { get; set; }

    DateTimeOffset? LastAttemptAt { get; set; }
}

/// <summary>
/// The stand-in attempt state of an account nobody holds, so that trying it costs the same storage work as a
/// person's account. In Counters: partition "login-account|{keyed hash of the account}", row "". May be deleted
/// after <see cref="WindowEnd"/>.
/// </summary>
public sealed class AccountAttemptsEntity : TableRow, IPasswordAttemptState
{
    public int LoginAttempts { get; set; }
    public int FailedLogins { get; set; }
    public int Lockouts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public int? LockedAtAttempt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset WindowEnd { get; set; }

    public static string PartitionFor(string accountHash) => TableKeys.Compose("login-account", accountHash);
}
