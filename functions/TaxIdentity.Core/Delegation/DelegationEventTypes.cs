using System.Text.Json;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Events;

namespace TaxIdentity.Core.Delegation;

/// <summary>The domain events of delegation (K3), published to the Service Bus topic through the outbox.</summary>
public static class DelegationEventTypes
{
    public const string HandlerInvited = "handlerInvited";
    public const string InvitationConfirmed = "invitationConfirmed";
    public const string InvitationRejected = "invitationRejected";
    public const string InvitationWithdrawn = "invitationWithdrawn";
    public const string InvitationExpired = "invitationExpired";
    public const string ApplicationSubmitted = "applicationSubmitted";
    public const string ApplicationApproved = "applicationApproved";
    public const string ApplicationRejected = "applicationRejected";
    public const string ApplicationWithdrawn = "applicationWithdrawn";
    public const string ApplicationExpired = "applicationExpired";
    public const string HandlerUpdated = "handlerUpdated";
    public const string HandlerDeleted = "handlerDeleted";

    /// <summary>The event a request's creation or outcome publishes.</summary>
    public static string For(DelegationSource source, DelegationStatus status) => (source, status) switch
    {
        (DelegationSource.Invitation, DelegationStatus.Pending) => HandlerInvited,
        (DelegationSource.Invitation, DelegationStatus.Confirmed) => InvitationConfirmed,
        (DelegationSource.Invitation, DelegationStatus.Rejected) => InvitationRejected,
        (DelegationSource.Invitation, DelegationStatus.Withdrawn) => InvitationWithdrawn,
        (DelegationSource.Invitation, _) => InvitationExpired,
        (_, DelegationStatus.Pending) => ApplicationSubmitted,
        (_, DelegationStatus.Approved) => ApplicationApproved,
        (_, DelegationStatus.Rejected) => ApplicationRejected,
        (_, DelegationStatus.Withdrawn) => ApplicationWithdrawn,
        _ => ApplicationExpired,
    };

    /// <summary>The event of a request's current state; the subject is the request. IDs and codes only, no personal data.</summary>
    public static DomainEvent Of(DelegationRequestEntity request, TimeProvider time) => new(
        Ids.New(time),
        For(request.Kind, request.State),
        request.RequestId,
        time.GetUtcNow(),
        JsonSerializer.Serialize(
            new
            {
                requestId = request.RequestId,
                source = request.Source,
                enterpriseId = request.EnterpriseId,
                personId = request.PersonId,
                identityType = request.IdentityType,
                status = request.Status,
                functions = request.FunctionCodes,
                validUntil = request.ValidUntil,
                by = request.AnsweredBy ?? request.CreatedBy,
            },
            JsonDefaults.Options));
}
