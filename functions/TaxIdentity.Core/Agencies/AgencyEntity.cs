using System.Runtime.Serialization;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Agencies;

/// <summary>A tax agency serving an enterprise (G1). Partition = enterprise ID, row = agreement number.</summary>
public sealed class AgencyEntity : TableRow
{
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
