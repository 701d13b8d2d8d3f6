using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Provisioning;

/// <summary>A person named by the tax office.</summary>
public sealed record PersonRequest(
    [property: Required, StringLength(ProvisioningValidation.PersonNameLength, MinimumLength = 1)] string? Name,
    [property: Required] IdType? IdType,
    [property: Required, RegularExpression(IdDocument.Pattern)] string? IdNumber,
    [property: RegularExpression(PhoneNumber.Pattern)] string? Phone);

/// <summary>Body of PUT /api/operator/enterprises/{creditCode} (J1).</summary>
public sealed record EnterpriseSyncRequest(
    [property: Required, StringLength(ProvisioningValidation.NameLength, MinimumLength = 1)] string? Name,
    [property: Required] EnterpriseKind? Kind,
    [property: Required, StringLength(ProvisioningValidation.NameLength, MinimumLength = 1)] string? TaxAuthority,
    [property: Required] bool? RealNameVerified,
    [property: Required] PersonRequest? LegalRepresentative,
    [property: Required] PersonRequest? FinancialOfficer,
    IReadOnlyList<SpecificSubjectType>? SpecificSubjectTypes);

/// <summary>Body of PUT /api/operator/persons/{idType}/{idNumber} (J2): a pre-provisioned person.</summary>
public sealed record PersonProvisionRequest(
    [property: Required, StringLength(ProvisioningValidation.PersonNameLength, MinimumLength = 1)] string? Name,
    [property: RegularExpression(PhoneNumber.Pattern)] string? Phone,
    [property: Required] bool? ExistingHousehold,
    [property: Required, Range(0, ProvisioningValidation.MaxRealNameLevel)] int? RealNameLevel);

public enum AgencyStatus
{
    Active,
    Suspended,
    Terminated,
}

/// <summary>Body of PUT /api/operator/enterprises/{creditCode}/agencies/{agreementNumber} (J2, G1).</summary>
public sealed record AgencyRequest(
    [property: Required, StringLength(ReferenceDataProvisioning.TextLength, MinimumLength = 1)] string? AgencyName,
    [property: Required, RegularExpression(TaxpayerId.Pattern)] string? AgencyCreditCode,
    [property: Required, StringLength(ProvisioningValidation.PersonNameLength, MinimumLength = 1)] string? AgentName,
    [property: Required] IdentityType? IdentityType,
    [property: Required] DateOnly? ServiceStart,
    [property: Required, Description("On or after serviceStart.")] DateOnly? ServiceEnd,
    [property: Required] AgencyStatus? Status);

public enum CrossRegionKind
{
    Inspection,
    TaxSource,
}

/// <summary>Body of PUT /api/operator/cross-region/items/{itemId} (J2, H3).</summary>
public sealed record CrossRegionItemRequest(
    [property: Required] CrossRegionKind? Kind,
    [property: Required, RegularExpression(TaxpayerId.Pattern)] string? CreditCode,
    [property: Required, StringLength(ReferenceDataProvisioning.TextLength, MinimumLength = 1)] string? Province,
    [property: Required, StringLength(ReferenceDataProvisioning.TextLength, MinimumLength = 1)] string? City,
    [property: Required, StringLength(ReferenceDataProvisioning.TextLength, MinimumLength = 1)] string? District,
    [property: Required, StringLength(ReferenceDataProvisioning.TextLength, MinimumLength = 1)] string? TaxAuthority,
    [property: StringLength(ReferenceDataProvisioning.TextLength), Description("Required for an inspection item.")] string? ManagementNumber,
    [property: StringLength(ReferenceDataProvisioning.AddressLength)] string? BusinessAddress,
    DateOnly? ValidFrom,
    [property: Description("On or after validFrom.")] DateOnly? ValidTo);

public sealed record EnterpriseSyncResult(string EnterpriseId);

public sealed record PersonProvisionResult(string PersonId, PersonStatus Status);

/// <summary>The enterprise as the tax office sees it (operator view, unmasked).</summary>
public sealed record OperatorEnterpriseView(
    string EnterpriseId,
    string CreditCode,
    string Name,
    EnterpriseKind Kind,
    string TaxAuthority,
    bool RealNameVerified,
    IReadOnlyList<SpecificSubjectType> SpecificSubjectTypes,
    string LegalRepresentativeId,
    string FinancialOfficerId);
