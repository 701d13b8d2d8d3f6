using Microsoft.Extensions.Logging;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Identities;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// The workflow's activity: applies the outcome that won to the request. Activities run at least once, so it is
/// idempotent: a request that is no longer pending is left as it is (its person's copy rewritten), the identity grant
/// is an insert-if-absent, and the outcome is written under the request's ETag together with its history record and
/// event. An answer given after the expiry (decided by the answer's own time, so every retry decides alike) expires.
/// </summary>
public sealed partial class DelegationOutcomes(DelegationStore store, IdentityStore identities, TimeProvider time, ILogger<DelegationOutcomes> logger)
{
    private const int MaxAttempts = 16;

    public async Task<DelegationStatus> ApplyAsync(DelegationOutcomeInput input, CancellationToken cancellationToken)
    {
        var source = EnumText.Parse<DelegationSource>(input.Source);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var request = await store.FindAsync(DelegationKeys.Enterprise(input.EnterpriseId), source, input.RequestId, cancellationToken);
            if (request is null)
            {
                LogMissing(logger, input.RequestId);
                return DelegationStatus.Expired;
            }

            if (request.State != DelegationStatus.Pending)
            {
                await store.MirrorAsync(request, cancellationToken);
                return request.State;
            }

            var outcome = input.Answer is { } answer && answer.At >= request.ExpiresAt ? DelegationEvents.Expire : input.Outcome;
            var status = DelegationEvents.StatusOf(outcome);
            await ApplyToRequestAsync(request, status, input.Answer, cancellationToken);
            var claim = await store.FindOpenAsync(request.EnterpriseId, request.PersonId, cancellationToken);
            if (await store.CloseAsync(request, claim, HistoryOf(request), DelegationEventTypes.Of(request, time), cancellationToken))
            {
                await store.MirrorAsync(request, cancellationToken);
                return status;
            }
        }

        throw new InvalidOperationException($"Request {input.RequestId} kept changing while its outcome was applied.");
    }

    private async Task ApplyToRequestAsync(DelegationRequestEntity request, DelegationStatus status, DelegationAnswer? answer, CancellationToken cancellationToken)
    {
        if (status == DelegationStatus.Approved && answer is not null)
        {
            request.Functions = string.Join(',', answer.Functions ?? []);
            request.ValidUntil = answer.ValidUntil;
        }

        if (status is DelegationStatus.Confirmed or DelegationStatus.Approved)
        {
            await identities.EnsureAsync(request.EnterpriseId, request.PersonId, request.Type, request.FunctionCodes, request.ValidUntilDate, cancellationToken);
        }

        if (status == DelegationStatus.Rejected && request.Kind == DelegationSource.Application)
        {
            request.RejectionReason = answer?.Reason;
        }

        request.Status = status.ToText();
        request.AnsweredBy = answer?.By;
        request.AnsweredAt = answer?.At ?? request.ExpiresAt;
    }

    /// <summary>The history record of a withdrawn, rejected or expired request (its ID is the request's, so it is written once).</summary>
    private static HistoryRecordEntity? HistoryOf(DelegationRequestEntity request)
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
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} has no row; its workflow ends without an outcome")]
    private static partial void LogMissing(ILogger logger, string requestId);
}
