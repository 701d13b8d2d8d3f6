using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Common.Throttling;

/// <summary>A count within one fixed window. Partition = what is counted, row = the window.</summary>
public sealed class CounterEntity : TableRow
{
    public int Count { get; set; }
    public DateTimeOffset WindowEnd { get; set; }
}
