using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.CrossRegion;

/// <summary>
/// A cross-region inspection item or tax-source registration (H3). Partition = enterprise ID, row =
/// "{kind}|{itemId}", so an enterprise's items of one kind are one range query.
/// </summary>
public sealed class CrossRegionItemEntity : TableRow
{
    public string ItemId { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public string CreditCode { get; set; } = string.Empty;
    public string Province { get; set; } = string.Empty;
    public string City { get; set; } = string.Empty;
    public string District { get; set; } = string.Empty;
    public string TaxAuthority { get; set; } = string.Empty;
    public string? ManagementNumber { get; set; }
    public string? BusinessAddress { get; set; }
    public string? ValidFrom { get; set; }
    public string? ValidTo { get; set; }

    public static string RowFor(string kind, string itemId) => TableKeys.Compose(kind, itemId);
}

/// <summary>Where an item lives: partition "item|{itemId}", so the item ID alone finds its enterprise.</summary>
public sealed class CrossRegionItemLocator : TableRow
{
    public string EnterpriseId { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;

    public static string KeyFor(string itemId) => TableKeys.Compose("item", itemId);
}
