using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;

namespace TaxIdentity.Core.Persons;

/// <summary>A natural person. Partition = person ID, one row "profile".</summary>
public sealed class PersonEntity : ITableEntity
{
    public const string ProfileRow = "profile";

    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = ProfileRow;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    [IgnoreDataMember]
    public string PersonId => PartitionKey;
    public string Name { get; set; } = string.Empty;
    public string IdType { get; set; } = string.Empty;
    public string IdNumber { get; set; } = string.Empty;
    public string Status { get; set; } = PersonStatus.Provisioned.ToText();

    /// <summary>Phone the tax office holds on file for a provisioned person (E.164); not proved, not indexed.</summary>
    public string? PhoneOnFile { get; set; }

    /// <summary>Migrated from the old system: must accept the current agreement at first login (A9).</summary>
    public bool ExistingHousehold { get; set; }

    public int RealNameLevel { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    [IgnoreDataMember]
    public IdType Document => EnumText.Parse<IdType>(IdType);

    [IgnoreDataMember]
    public PersonStatus PersonStatus => EnumText.Parse<PersonStatus>(Status);
}
