using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;

namespace TaxIdentity.Core.Agencies;

/// <summary>A tax agency serving an enterprise (G1). Partition = enterprise ID, row = agreement number.</summary>
public sealed class AgencyEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    [IgnoreDataMember]
    public string AgreementNumber => RowKey;
    public string AgencyName { get; set; } = string.Empty;
    public string AgencyCreditCode { get; set; } = string.Empty;
    public string AgentName { get; set; } = string.Empty;
    public string IdentityType { get; set; } = string.Empty;
    public string ServiceStart { get; set; } = string.Empty;
    public string ServiceEnd { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
}
