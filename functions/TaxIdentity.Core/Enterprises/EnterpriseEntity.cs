using System.Runtime.Serialization;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Enterprises;

/// <summary>An enterprise. Partition = enterprise ID, one row "profile".</summary>
public sealed class EnterpriseEntity : TableRow
{
    public const string ProfileRow = "profile";

    public EnterpriseEntity() => RowKey = ProfileRow;

    [IgnoreDataMember]
    public string EnterpriseId => PartitionKey;
    public string CreditCode { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Kind { get; set; } = EnterpriseKind.Ordinary.ToText();
    public string TaxAuthority { get; set; } = string.Empty;
    public bool RealNameVerified { get; set; }

    /// <summary>Comma-separated <see cref="SpecificSubjectType"/> names.</summary>
    public string SpecificSubjectTypes { get; set; } = string.Empty;

    public string LegalRepresentativeId { get; set; } = string.Empty;
    public string FinancialOfficerId { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    [IgnoreDataMember]
    public IReadOnlyList<SpecificSubjectType> SubjectTypes =>
        [.. SpecificSubjectTypes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(EnumText.Parse<SpecificSubjectType>)];
}

/// <summary>Unique claim of a credit code: partition "code|{creditCode}", pointing at the enterprise.</summary>
public sealed class EnterpriseCodeEntity : TableRow
{
    public string EnterpriseId { get; set; } = string.Empty;

    public static string KeyFor(string creditCode) => TableKeys.Compose("code", creditCode);
}
