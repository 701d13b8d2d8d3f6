using System.Globalization;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.CrossRegion;

/// <summary>
/// H3 with D8's rule: a cross-region item is usable until the end of its validity end date (the bureau's day); past it,
/// it is neither listed nor switchable, and a session acting in it ends on its next request or refresh.
/// </summary>
public sealed class CrossRegionItems(TableStore store, TimeProvider time)
{
    public bool IsLive(CrossRegionItemEntity item) =>
        item.ValidTo is null
        || (DateOnly.TryParseExact(item.ValidTo, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until)
            && until >= BureauCalendar.DateOf(time.GetUtcNow()));

    /// <summary>The enterprise's item of the kind, while it is usable; null otherwise (one point read).</summary>
    public async Task<CrossRegionItemEntity?> FindLiveAsync(string enterpriseId, CrossRegionKind kind, string itemId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.CrossRegionItems, cancellationToken);
        var item = await table.FindAsync<CrossRegionItemEntity>(enterpriseId, CrossRegionItemEntity.RowFor(kind.ToText(), itemId), cancellationToken);
        return item is not null && IsLive(item) ? item : null;
    }

    /// <summary>
    /// Whether the session's current identity may still act: true unless it is a cross-region item that is gone or
    /// lapsed (one point read, for item sessions only).
    /// </summary>
    public async Task<bool> HoldsAsync(CurrentIdentity current, CancellationToken cancellationToken) =>
        current.ItemId is not { } itemId || current.EnterpriseId is not { } enterpriseId || KindOf(current.Kind) is not { } kind
        || await FindLiveAsync(enterpriseId, kind, itemId, cancellationToken) is not null;

    public static CrossRegionKind? KindOf(IdentityKind kind) => kind switch
    {
        IdentityKind.CrossRegionInspection => CrossRegionKind.Inspection,
        IdentityKind.CrossRegionTaxSource => CrossRegionKind.TaxSource,
        _ => null,
    };
}
