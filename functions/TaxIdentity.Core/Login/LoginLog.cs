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

/// <summary>
/// One login attempt (A13). <see cref="ByMember"/>: the person holds an identity in <see cref="EnterpriseId"/>, so the
/// attempt belongs in that enterprise's log; an outsider's (or an unknown account's) does not.
/// </summary>
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
    string? ItemId = null,
    bool ByMember = true);

/// <summary>
/// A login-log row. Written under "ent|{enterpriseId}" and under "per|{personId}", keyed newest first
/// (inverted ticks), so "this enterprise, a time range, newest first" and "this person, a time range" are
/// each one single-partition range query. The enterprise's log holds only its own people's attempts: one naming the
/// enterprise by a person who holds no identity there (or by an account nobody holds) goes to
/// "outsider|{enterpriseId}" instead, which no API reads (the tax office's, for abuse), so it costs the same writes.
/// Attempts naming no known person go to "unknown|{yyyyMMdd}" instead of a person's partition, likewise (A12).
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

    /// <summary>Attempts naming the enterprise by people who hold nothing there: kept, never shown to the enterprise.</summary>
    public static string OutsiderPartition(string enterpriseId) => TableKeys.Compose("outsider", enterpriseId);

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
            partitions.Add(attempt.ByMember ? LoginLogEntity.EnterprisePartition(enterpriseId) : LoginLogEntity.OutsiderPartition(enterpriseId));
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
