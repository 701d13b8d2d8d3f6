using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Masking;

namespace TaxIdentity.Core.Delegation;

/// <summary>POST /api/enterprise/invitations/preview and POST /api/enterprise/invitations (D1).</summary>
public sealed record InvitationRequest(
    [property: Required, StringLength(50, MinimumLength = 1), Description("The invitee's name, as on the ID.")] string? Name,
    [property: Required] IdType? IdType,
    [property: Required, StringLength(20, MinimumLength = 5)] string? IdNumber,
    [property: Required, Description("Any but legalRepresentative and financialOfficer, which only the tax office sets.")] IdentityType? IdentityType,
    [property: Required, MinLength(1), Description("Function codes the identity type may hold (GET /api/catalog/identity-types).")] IReadOnlyList<string>? Functions,
    [property: Required, Description("Last day the identity works, from today on.")] DateOnly? ValidUntil,
    [property: Description("Must be true to create the invitation, after reading the preview's risk notice; ignored by the preview.")] bool? RiskAcknowledged);

/// <summary>What the manager is about to send, as the invitee will be shown (masked).</summary>
public sealed record InvitationSummary(
    string Name, IdType IdType, string IdNumber, IdentityType IdentityType, IReadOnlyList<string> Functions, DateOnly ValidUntil, DateTimeOffset ExpiresAt);

/// <summary>
/// The tax-risk notice (涉税风险确认提示) the manager acknowledges before inviting. It says nothing about the person:
/// the preview answers every name and ID alike.
/// </summary>
public sealed record RiskNotice(string Message);

public sealed record InvitationPreview(InvitationSummary Summary, RiskNotice RiskNotice);

public sealed record InvitationCreated(string InvitationId, InvitationStatus Status, DateTimeOffset ExpiresAt);

/// <summary>An invitation as the API shows it; the person's own list adds the enterprise.</summary>
public sealed record InvitationView(
    string InvitationId,
    string Name,
    IdType IdType,
    string IdNumber,
    IdentityType IdentityType,
    IReadOnlyList<string> Functions,
    DateOnly? ValidUntil,
    InvitationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? EnterpriseName = null,
    string? CreditCode = null);

/// <summary>POST /api/me/applications (D9).</summary>
public sealed record ApplicationRequest(
    [property: Required, Description("The enterprise's unified social credit code or taxpayer ID.")] string? CreditCode,
    [property: Required, Description("Any but legalRepresentative and financialOfficer.")] IdentityType? IdentityType,
    [property: Required, MinLength(1), Description("The functions wanted; the managers choose the set granted.")] IReadOnlyList<string>? Functions,
    [property: StringLength(200)] string? Reason);

public sealed record ApplicationCreated(string ApplicationId, ApplicationStatus Status, DateTimeOffset ExpiresAt);

/// <summary>An application as the API shows it (masked).</summary>
public sealed record ApplicationView(
    string ApplicationId,
    string EnterpriseName,
    string CreditCode,
    string PersonName,
    string IdNumber,
    IdentityType IdentityType,
    IReadOnlyList<string> Functions,
    string? Reason,
    ApplicationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateOnly? ValidUntil = null,
    [property: Description("Why the enterprise rejected it (when it gave a reason).")] string? RejectReason = null);

/// <summary>POST /api/enterprise/applications/{applicationId}/approve: the function set and validity end granted.</summary>
public sealed record ApprovalRequest(
    [property: Required, MinLength(1)] IReadOnlyList<string>? Functions,
    [property: Required, Description("Last day the identity works, from today on.")] DateOnly? ValidUntil);

/// <summary>POST /api/enterprise/applications/{applicationId}/reject; the body is optional.</summary>
public sealed record RejectionRequest([property: StringLength(200)] string? Reason);

/// <summary>GET /api/me/enterprises (E2): an enterprise where I hold an identity.</summary>
public sealed record MyEnterprise(string EnterpriseId, string EnterpriseName, string CreditCode, IdentityType IdentityType, DateOnly? ValidUntil);

/// <summary>Maps stored requests to what the API shows: masked names and documents, the status as of now.</summary>
public static class DelegationViews
{
    public static InvitationView Invitation(DelegationRequestEntity request, DateTimeOffset now, bool withEnterprise = false) => new(
        request.RequestId,
        Mask.PersonName(request.PersonName),
        EnumText.Parse<IdType>(request.IdType),
        Mask.IdNumber(request.IdNumber),
        request.Type,
        request.FunctionCodes,
        request.ValidUntilDate,
        request.StateAt(now) switch
        {
            DelegationStatus.Pending => InvitationStatus.Pending,
            DelegationStatus.Confirmed => InvitationStatus.Confirmed,
            DelegationStatus.Rejected => InvitationStatus.Rejected,
            DelegationStatus.Withdrawn => InvitationStatus.Withdrawn,
            _ => InvitationStatus.Expired,
        },
        request.CreatedAt,
        request.ExpiresAt,
        withEnterprise ? Mask.EnterpriseName(request.EnterpriseName) : null,
        withEnterprise ? Mask.CreditCode(request.CreditCode) : null);

    public static ApplicationView Application(DelegationRequestEntity request, DateTimeOffset now) => new(
        request.RequestId,
        Mask.EnterpriseName(request.EnterpriseName),
        Mask.CreditCode(request.CreditCode),
        Mask.PersonName(request.PersonName),
        Mask.IdNumber(request.IdNumber),
        request.Type,
        request.FunctionCodes,
        request.Reason,
        request.StateAt(now) switch
        {
            DelegationStatus.Pending => ApplicationStatus.Pending,
            DelegationStatus.Approved => ApplicationStatus.Approved,
            DelegationStatus.Rejected => ApplicationStatus.Rejected,
            DelegationStatus.Withdrawn => ApplicationStatus.Withdrawn,
            _ => ApplicationStatus.Expired,
        },
        request.CreatedAt,
        request.ExpiresAt,
        request.ValidUntilDate,
        request.RejectionReason);
}
