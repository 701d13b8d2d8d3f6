using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Enterprises;

namespace TaxIdentity.Core.Provisioning;

/// <summary>A person named by the tax office.</summary>
public sealed record PersonRequest(string? Name, IdType? IdType, string? IdNumber, string? Phone);

/// <summary>Body of PUT /api/operator/enterprises/{creditCode} (J1).</summary>
public sealed record EnterpriseSyncRequest(
    string? Name,
    EnterpriseKind? Kind,
    string? TaxAuthority,
    bool? RealNameVerified,
    PersonRequest? LegalRepresentative,
    PersonRequest? FinancialOfficer,
    IReadOnlyList<SpecificSubjectType>? SpecificSubjectTypes);

/// <summary>Body of PUT /api/operator/persons/{idType}/{idNumber} (J2): a pre-provisioned person.</summary>
public sealed record PersonProvisionRequest(string? Name, string? Phone, bool? ExistingHousehold, int? RealNameLevel);

public enum AgencyStatus
{
    Active,
    Suspended,
    Terminated,
}

/// <summary>Body of PUT /api/operator/enterprises/{creditCode}/agencies/{agreementNumber} (J2, G1).</summary>
public sealed record AgencyRequest(
    string? AgencyName,
    string? AgencyCreditCode,
    string? AgentName,
    IdentityType? IdentityType,
    DateOnly? ServiceStart,
    DateOnly? ServiceEnd,
    AgencyStatus? Status);

public enum CrossRegionKind
{
    Inspection,
    TaxSource,
}

/// <summary>Body of PUT /api/operator/cross-region/items/{itemId} (J2, H3).</summary>
public sealed record CrossRegionItemRequest(
    CrossRegionKind? Kind,
    string? CreditCode,
    string? Province,
    string? City,
    string? District,
    string? TaxAuthority,
    string? ManagementNumber,
    string? BusinessAddress,
    DateOnly? ValidFrom,
    DateOnly? ValidTo);

public sealed record EnterpriseSyncResult(string EnterpriseId);

public sealed record PersonProvisionResult(string PersonId, string Status);

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
