using System.Globalization;
using System.Runtime.Serialization;
using Azure.Data.Tables;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// Keys of the Delegations table. An enterprise's partition "ent|{enterpriseId}" holds its invitations ("inv|{id}")
/// and applications ("app|{id}"), which decide; the claims that keep one request open per person ("open|{personId}");
/// its history ("hist|{recordId}"), the record of every clearing of it ("clear|{inverted ticks}|{id}") and its outbox.
/// A person's partition "per|{personId}" holds copies of their requests for their own lists. The partition "due" is
/// the index of open requests by expiry ("{expiry ticks}|{requestId}"), which the resume timer reads.
/// </summary>
public static class DelegationKeys
{
    public const string HistoryPrefix = "hist|";
    public const string ClearingPrefix = "clear|";
    public const string DuePartition = "due";

    public static string Enterprise(string enterpriseId) => TableKeys.Compose("ent", enterpriseId);

    public static string Person(string personId) => TableKeys.Compose("per", personId);

    public static string RequestPrefix(DelegationSource source) => source == DelegationSource.Invitation ? "inv|" : "app|";

    public static string Request(DelegationSource source, string requestId) => RequestPrefix(source) + TableKeys.Encode(requestId);

    public static string OpenClaim(string personId) => TableKeys.Compose("open", personId);

    public static string History(string recordId) => HistoryPrefix + TableKeys.Encode(recordId);

    /// <summary>Newest first: the row key counts down with time.</summary>
    public static string Clearing(DateTimeOffset at, string clearingId) =>
        ClearingPrefix + (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + clearingId;

    public static string Due(DateTimeOffset expiresAt, string requestId) =>
        expiresAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "|" + TableKeys.Encode(requestId);

    /// <summary>The exclusive upper bound of the due rows whose expiry is before <paramref name="before"/>.</summary>
    public static string DueBefore(DateTimeOffset before) => before.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Whether a request ID from a route has the shape of the IDs the platform hands out (32 lowercase hex digits).</summary>
    public static bool IsRequestId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    public static string PrefixFilter(string partition, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {TableKeys.PrefixEnd(prefix)}");
}

/// <summary>
/// An invitation (D1) or application (D9). The copy in the enterprise's partition is the one the workflow moves with
/// ETag-guarded writes; the person's copy mirrors it.
/// </summary>
public sealed class DelegationRequestEntity : TableRow
{
    public string RequestId { get; set; } = string.Empty;
    public string Source { get; set; } = DelegationSource.Invitation.ToText();
    public string EnterpriseId { get; set; } = string.Empty;
    public string EnterpriseName { get; set; } = string.Empty;
    public string CreditCode { get; set; } = string.Empty;
    public string PersonId { get; set; } = string.Empty;
    public string PersonName { get; set; } = string.Empty;
    public string IdType { get; set; } = string.Empty;
    public string IdNumber { get; set; } = string.Empty;
    public string IdentityType { get; set; } = string.Empty;

    /// <summary>Comma-separated: the functions granted (invitation, approved application) or wanted (pending application).</summary>
    public string Functions { get; set; } = string.Empty;

    /// <summary>Last day the identity will work (yyyy-MM-dd); for an application set on approval.</summary>
    public string? ValidUntil { get; set; }

    /// <summary>The applicant's reason (D9).</summary>
    public string? Reason { get; set; }

    /// <summary>The enterprise's reason for rejecting an application, shown to the applicant and in history.</summary>
    public string? RejectionReason { get; set; }

    public string Status { get; set; } = DelegationStatus.Pending.ToText();

    /// <summary>The manager who invited, or the applicant.</summary>
    public string CreatedBy { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }

    [IgnoreDataMember]
    public DelegationSource Kind => EnumText.Parse<DelegationSource>(Source);

    [IgnoreDataMember]
    public DelegationStatus State => EnumText.Parse<DelegationStatus>(Status);

    [IgnoreDataMember]
    public IdentityType Type => EnumText.Parse<IdentityType>(IdentityType);

    [IgnoreDataMember]
    public IReadOnlyList<string> FunctionCodes => Functions.Split(',', StringSplitOptions.RemoveEmptyEntries);

    [IgnoreDataMember]
    public DateOnly? ValidUntilDate =>
        ValidUntil is null ? null : DateOnly.ParseExact(ValidUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The status as of <paramref name="now"/>: a pending request past its expiry reads as expired even before its timer fires.</summary>
    public DelegationStatus StateAt(DateTimeOffset now) =>
        State == DelegationStatus.Pending && ExpiresAt <= now ? DelegationStatus.Expired : State;

    public DelegationRequestEntity CopyFor(string partitionKey) => new()
    {
        PartitionKey = partitionKey,
        RowKey = RowKey,
        RequestId = RequestId,
        Source = Source,
        EnterpriseId = EnterpriseId,
        EnterpriseName = EnterpriseName,
        CreditCode = CreditCode,
        PersonId = PersonId,
        PersonName = PersonName,
        IdType = IdType,
        IdNumber = IdNumber,
        IdentityType = IdentityType,
        Functions = Functions,
        ValidUntil = ValidUntil,
        Reason = Reason,
        RejectionReason = RejectionReason,
        Status = Status,
        CreatedBy = CreatedBy,
        CreatedAt = CreatedAt,
        ExpiresAt = ExpiresAt,
        AnsweredBy = AnsweredBy,
        AnsweredAt = AnsweredAt,
    };

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>
/// The claim "this person has an open request with this enterprise", inserted with AddEntity in the same transaction
/// as the request and deleted in the same transaction as its outcome, so at most one is open per person and enterprise.
/// </summary>
public sealed class OpenRequestEntity : TableRow
{
    public string RequestId { get; set; } = string.Empty;
    public string Source { get; set; } = string.Empty;
}

/// <summary>A history record (D7): a withdrawn, rejected or expired request, or a deleted handler.</summary>
public sealed class HistoryRecordEntity : TableRow
{
    public string RecordId { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public string Source { get; set; } = string.Empty;
    public string PersonId { get; set; } = string.Empty;
    public string PersonName { get; set; } = string.Empty;
    public string IdentityType { get; set; } = string.Empty;
    public DateTimeOffset At { get; set; }

    /// <summary>The manager who deleted, withdrew or rejected; null for expiries and the tax office.</summary>
    public string? By { get; set; }

    /// <summary>Why: the enterprise's reason for rejecting an application.</summary>
    public string? Reason { get; set; }

    [IgnoreDataMember]
    public HistoryKind HistoryKind => EnumText.Parse<HistoryKind>(Kind);

    [IgnoreDataMember]
    public HistorySource HistorySource => EnumText.Parse<HistorySource>(Source);

    [IgnoreDataMember]
    public IdentityType Type => EnumText.Parse<IdentityType>(IdentityType);
}

/// <summary>An open request in the due index: what the resume timer needs to find its row.</summary>
public sealed class DueRequestEntity : TableRow
{
    public string RequestId { get; set; } = string.Empty;
    public string Source { get; set; } = string.Empty;
    public string EnterpriseId { get; set; } = string.Empty;
    public DateTimeOffset ExpiresAt { get; set; }

    public static DueRequestEntity For(DelegationRequestEntity request) => new()
    {
        PartitionKey = DelegationKeys.DuePartition,
        RowKey = DelegationKeys.Due(request.ExpiresAt, request.RequestId),
        RequestId = request.RequestId,
        Source = request.Source,
        EnterpriseId = request.EnterpriseId,
        ExpiresAt = request.ExpiresAt,
    };
}

/// <summary>D11: a clearing of the history (who, as what, when, which filters, how many), kept for ever.</summary>
public sealed class HistoryClearingEntity : TableRow
{
    public string ClearedBy { get; set; } = string.Empty;
    public string ClearedByName { get; set; } = string.Empty;
    public string IdentityType { get; set; } = string.Empty;
    public DateTimeOffset At { get; set; }
    public string? Kind { get; set; }
    public string? FilterIdentityType { get; set; }
    public string? Name { get; set; }
    public bool All { get; set; }
    public int Count { get; set; }
}
