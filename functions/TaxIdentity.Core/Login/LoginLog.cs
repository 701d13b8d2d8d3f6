using System.Globalization;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Login;

public enum LoginType
{
    Enterprise,
    Agency,
    Personal,
}

public enum LoginMethod
{
    Password,
    Sms,
    Qr,

    /// <summary>A signed-in session moved to another identity (H1-H3).</summary>
    Switch,
}

public enum LoginOutcome
{
    Success,
    Failure,
}

/// <summary>One login attempt (A13).</summary>
public sealed record LoginAttempt(
    LoginType LoginType,
    LoginMethod Method,
    string? PersonId,
    string? PersonName,
    string? EnterpriseId,
    IdentityType? IdentityType,
    LoginOutcome Outcome,
    string? FailureReason,
    ClientInfo Client,
    string? ItemId = null);

/// <summary>
/// A login-log row. Written under "ent|{enterpriseId}" and under "per|{personId}", keyed newest first
/// (inverted ticks), so "this enterprise, a time range, newest first" and "this person, a time range" are
/// each one single-partition range query. Attempts naming no known person go to "unknown|{yyyyMMdd}" (as well
/// as to the enterprise's partition), so they cost the same writes as a known person's (A12).
/// </summary>
public sealed class LoginLogEntity : TableRow
{
    public DateTimeOffset At { get; set; }
    public string LoginType { get; set; } = string.Empty;
    public string Method { get; set; } = string.Empty;
    public string? PersonId { get; set; }
    public string? PersonName { get; set; }
    public string? EnterpriseId { get; set; }
    public string? IdentityType { get; set; }
    public string Outcome { get; set; } = string.Empty;
    public string? FailureReason { get; set; }
    public string Ip { get; set; } = string.Empty;
    public string? UserAgent { get; set; }

    /// <summary>The cross-region item a switch moved the session into (H3); null otherwise.</summary>
    public string? ItemId { get; set; }

    public static string EnterprisePartition(string enterpriseId) => TableKeys.Compose("ent", enterpriseId);

    public static string PersonPartition(string personId) => TableKeys.Compose("per", personId);

    /// <summary>Newest first: the row key falls as time goes on.</summary>
    public static string RowFor(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}

public sealed class LoginLog(TableStore store, TimeProvider time)
{
    public async Task WriteAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var table = await store.GetTableAsync(TableNames.LoginLogs, cancellationToken);
        var partitions = new List<string>();
        if (attempt.EnterpriseId is { } enterpriseId)
        {
            partitions.Add(LoginLogEntity.EnterprisePartition(enterpriseId));
        }

        partitions.Add(attempt.PersonId is { } personId
            ? LoginLogEntity.PersonPartition(personId)
            : TableKeys.Compose("unknown", at.ToString("yyyyMMdd", CultureInfo.InvariantCulture)));

        var row = LoginLogEntity.RowFor(at) + "|" + Guid.NewGuid().ToString("N")[..12];
        await Task.WhenAll(partitions.Select(partition => table.AddEntityAsync(
            new LoginLogEntity
            {
                PartitionKey = partition,
                RowKey = row,
                At = at,
                LoginType = attempt.LoginType.ToText(),
                Method = attempt.Method.ToText(),
                PersonId = attempt.PersonId,
                PersonName = attempt.PersonName,
                EnterpriseId = attempt.EnterpriseId,
                IdentityType = attempt.IdentityType?.ToText(),
                Outcome = attempt.Outcome.ToText(),
                FailureReason = attempt.FailureReason,
                Ip = attempt.Client.Ip,
                UserAgent = attempt.Client.UserAgent is { Length: > 256 } agent ? agent[..256] : attempt.Client.UserAgent,
                ItemId = attempt.ItemId,
            },
            cancellationToken)));
    }
}
