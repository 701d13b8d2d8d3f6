using System.Globalization;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.EnterpriseInfo;

/// <summary>
/// One reveal of an enterprise's masked field (C2). Partition "ent|{enterpriseId}", row keyed newest first (inverted
/// ticks and a random suffix), so the trail of one enterprise, newest first, is one range query.
/// </summary>
public sealed class RevealAuditEntity : TableRow
{
    public string EnterpriseId { get; set; } = string.Empty;
    public string PersonId { get; set; } = string.Empty;
    public string PersonName { get; set; } = string.Empty;
    public string IdentityType { get; set; } = string.Empty;
    public string Field { get; set; } = string.Empty;
    public DateTimeOffset At { get; set; }
    public string Ip { get; set; } = string.Empty;
    public string? UserAgent { get; set; }

    public static string PartitionFor(string enterpriseId) => TableKeys.Compose("ent", enterpriseId);

    /// <summary>Newest first: the row key falls as time goes on.</summary>
    public static string RowFor(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
