using Azure;
using Azure.Data.Tables;

namespace TaxIdentity.Core.Common.Throttling;

/// <summary>A count within one fixed window. Partition = what is counted, row = the window.</summary>
public sealed class CounterEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public int Count { get; set; }
    public DateTimeOffset WindowEnd { get; set; }
}
