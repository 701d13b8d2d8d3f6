using System.Runtime.Serialization;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Identities;

/// <summary>
/// A person's identity (role) in an enterprise. Stored twice, so that both read paths are one partition: under
/// "ent|{enterpriseId}" keyed "{identityType}|{personId}", the truth, which every check that lets someone act reads;
/// and under "per|{personId}" keyed "{enterpriseId}|{identityType}", the person's copy for their own lists, written
/// only as <see cref="Common.Storage.DerivedCopy"/> writes it.
/// </summary>
public sealed class IdentityEntity : TableRow
{
    public string EnterpriseId { get; set; } = string.Empty;
    public string PersonId { get; set; } = string.Empty;
    public string IdentityType { get; set; } = string.Empty;

    /// <summary>Comma-separated function codes.</summary>
    public string Functions { get; set; } = string.Empty;

    /// <summary>Last day the identity works (yyyy-MM-dd), or null for no end.</summary>
    public string? ValidUntil { get; set; }

    public DateTimeOffset GrantedAt { get; set; }

    /// <summary>The invitation or application whose answer granted the identity; null for the tax office's seats (J1).</summary>
    public string? GrantedBy { get; set; }

    /// <summary>Raised whenever the identity changes, so tokens issued for an older version stop working.</summary>
    public int Version { get; set; } = 1;

    /// <summary>D6: whether the handler's assist code (助信码) is on.</summary>
    public bool AssistCodeEnabled { get; set; }

    /// <summary>D6: comma-separated functions the assist code may be used for, within <see cref="Functions"/>.</summary>
    public string AssistCodeFunctions { get; set; } = string.Empty;

    [IgnoreDataMember]
    public IdentityType Type => EnumText.Parse<IdentityType>(IdentityType);

    [IgnoreDataMember]
    public IReadOnlyList<string> FunctionCodes => Functions.Split(',', StringSplitOptions.RemoveEmptyEntries);

    [IgnoreDataMember]
    public IReadOnlyList<string> AssistCodeCodes => AssistCodeFunctions.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string EnterprisePartition(string enterpriseId) => TableKeys.Compose("ent", enterpriseId);

    public static string PersonPartition(string personId) => TableKeys.Compose("per", personId);

    public static string EnterpriseRow(IdentityType type, string personId) => TableKeys.Compose(type.ToText(), personId);

    public static string PersonRow(string enterpriseId, IdentityType type) => TableKeys.Compose(enterpriseId, type.ToText());

    public IdentityEntity CopyFor(string partitionKey, string rowKey) => new()
    {
        PartitionKey = partitionKey,
        RowKey = rowKey,
        EnterpriseId = EnterpriseId,
        PersonId = PersonId,
        IdentityType = IdentityType,
        Functions = Functions,
        ValidUntil = ValidUntil,
        GrantedAt = GrantedAt,
        GrantedBy = GrantedBy,
        Version = Version,
        AssistCodeEnabled = AssistCodeEnabled,
        AssistCodeFunctions = AssistCodeFunctions,
    };
}

/// <summary>
/// "This request's answer granted its identity", written in the same transaction as the identity, in the enterprise's
/// partition, and never removed: a retried follow-up finds it and grants nothing again, even after the identity was deleted.
/// </summary>
public sealed class GrantMarkerEntity : TableRow
{
    /// <summary>Sorts after every identity row, so the handler list's range query leaves the markers out.</summary>
    public const string RowPrefix = "~grant|";

    public DateTimeOffset GrantedAt { get; set; }

    public static string Row(string requestId) => RowPrefix + TableKeys.Encode(requestId);
}
