using TaxIdentity.Core.Common.Json;

namespace TaxIdentity.Core.Delegation;

/// <summary>The history records (D7) that requests' outcomes leave.</summary>
public static class DelegationHistory
{
    /// <summary>The record of a withdrawn, rejected or expired request (its ID is the request's, so it is written once); none for a grant.</summary>
    public static HistoryRecordEntity? RecordOf(DelegationRequestEntity request)
    {
        HistoryKind? kind = request.State switch
        {
            DelegationStatus.Withdrawn => HistoryKind.Withdrawn,
            DelegationStatus.Rejected => HistoryKind.Rejected,
            DelegationStatus.Expired => HistoryKind.Expired,
            _ => null,
        };
        return kind is null ? null : new HistoryRecordEntity
        {
            PartitionKey = request.PartitionKey,
            RowKey = DelegationKeys.History(request.RequestId),
            RecordId = request.RequestId,
            Kind = kind.Value.ToText(),
            Source = request.Source,
            PersonId = request.PersonId,
            PersonName = request.PersonName,
            IdentityType = request.IdentityType,
            At = request.AnsweredAt ?? request.ExpiresAt,
            By = request.AnsweredBy,
            Reason = request.RejectionReason,
        };
    }
}
