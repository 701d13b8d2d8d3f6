using Azure;
using Azure.Data.Tables;

namespace TaxIdentity.Core.Common.Storage;

/// <summary>The keys and concurrency stamp every stored entity has.</summary>
public abstract class TableRow : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
}
