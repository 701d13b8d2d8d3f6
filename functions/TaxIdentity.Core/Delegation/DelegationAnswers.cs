using Microsoft.Extensions.Logging;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Handlers;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// Answers decided at the request's row (design.md): the answer moves the row pending → outcome under its ETag, so of
/// answers racing each other exactly one wins, whatever their kind or parameters, and every other one is told 409; a
/// request past its expiry can't be answered even if its timer is late. The winner then applies what must be visible
/// when it answers (the identity, keyed to the request, and the person's copy) and tells the workflow, which owns the
/// expiry timer and repeats the same idempotent follow-up. No answer waits for the engine.
/// </summary>
public sealed partial class DelegationAnswers(
    DelegationStore store, IdentityStore identities, PersonDirectory persons, HandlerRemoval removal, TimeProvider time, ILogger<DelegationAnswers> logger)
{
    /// <summary>An answer given through the API: decided at the row, followed up, then the workflow told.</summary>
    public async Task<Outcome<Done>> AnswerAsync(
        DelegationRequestEntity request, DelegationStatus outcome, DelegationAnswer answer, IDelegationWorkflows? workflows, CancellationToken cancellationToken)
    {
        var decided = await DecideAsync(request, outcome, answer, cancellationToken);
        if (!decided.Succeeded)
        {
            return decided.Problem;
        }

        await FollowUpAsync(decided.Value, cancellationToken);
        if (workflows is not null)
        {
            await NotifyAsync(workflows, request.RequestId, cancellationToken);
        }

        return Done.Value;
    }

    /// <summary>
    /// The workflow's follow-up and the resume timer's: expires the request when it is still pending at its expiry (by
    /// the platform's clock), completes the follow-up of its outcome, and takes it off the due index. Pending when it
    /// is not due yet.
    /// </summary>
    public async Task<DelegationStatus> CompleteAsync(string enterpriseId, DelegationSource source, string requestId, CancellationToken cancellationToken)
    {
        var request = await store.FindTruthAsync(enterpriseId, source, requestId, cancellationToken);
        if (request is null)
        {
            LogMissing(logger, requestId);
            return DelegationStatus.Expired;
        }

        if (request.State == DelegationStatus.Pending)
        {
            if (request.StateAt(time.GetUtcNow()) == DelegationStatus.Pending)
            {
                return DelegationStatus.Pending;
            }

            var expired = await DecideAsync(request, DelegationStatus.Expired, answer: null, cancellationToken);
            request = expired.Succeeded ? expired.Value : await store.FindTruthAsync(enterpriseId, source, requestId, cancellationToken) ?? request;
        }

        await FollowUpAsync(request, cancellationToken);
        await store.RemoveDueAsync(request, cancellationToken);
        return request.State;
    }

    /// <summary>
    /// Moves the row from pending to the outcome under its ETag, with the released claim, the history record and the
    /// event in the same transaction; 409 when the request was not pending at the answer's time or another answer won.
    /// </summary>
    public async Task<Outcome<DelegationRequestEntity>> DecideAsync(DelegationRequestEntity request, DelegationStatus outcome, DelegationAnswer? answer, CancellationToken cancellationToken)
    {
        var noun = request.Kind == DelegationSource.Invitation ? "invitation" : "application";
        var at = answer?.At ?? time.GetUtcNow();
        var state = request.StateAt(at);
        if (state != DelegationStatus.Pending && !(outcome == DelegationStatus.Expired && request.State == DelegationStatus.Pending))
        {
            return Problem.Conflict($"The {noun} is {state.ToText()}; it can no longer be answered.");
        }

        Apply(request, outcome, answer, at);
        if (await store.CloseAsync(request, DelegationHistory.RecordOf(request), DelegationEventTypes.Of(request, time), cancellationToken))
        {
            return request;
        }

        var now = await store.FindTruthAsync(request.EnterpriseId, request.Kind, request.RequestId, cancellationToken);
        return Problem.Conflict($"The {noun} was {now?.StateAt(at).ToText() ?? "removed"} meanwhile.");
    }

    /// <summary>
    /// What follows an outcome, idempotent: the identity a confirmation or approval grants (keyed to the request, so a
    /// repeat never brings back a handler deleted since; taken back at once from a holder who deregistered meanwhile,
    /// F9), then the person's copy of the request.
    /// </summary>
    public async Task FollowUpAsync(DelegationRequestEntity request, CancellationToken cancellationToken)
    {
        if (request.State is DelegationStatus.Confirmed or DelegationStatus.Approved
            && await identities.GrantAsync(request.RequestId, request.EnterpriseId, request.PersonId, request.Type, request.FunctionCodes, request.ValidUntilDate, cancellationToken)
            && (await persons.FindAsync(request.PersonId, cancellationToken))?.PersonStatus != PersonStatus.Active
            && await identities.FindForEnterpriseAsync(request.EnterpriseId, request.Type, request.PersonId, cancellationToken) is { } granted)
        {
            await removal.RemoveAsync(granted, by: request.PersonId, cancellationToken);
        }

        await store.MirrorAsync(request, cancellationToken);
    }

    private static void Apply(DelegationRequestEntity request, DelegationStatus outcome, DelegationAnswer? answer, DateTimeOffset at)
    {
        if (outcome == DelegationStatus.Approved && answer is not null)
        {
            request.Functions = string.Join(',', answer.Functions ?? []);
            request.ValidUntil = answer.ValidUntil;
        }

        if (outcome == DelegationStatus.Rejected && request.Kind == DelegationSource.Application)
        {
            request.RejectionReason = answer?.Reason;
        }

        request.Status = outcome.ToText();
        request.AnsweredBy = answer?.By;
        request.AnsweredAt = outcome == DelegationStatus.Expired ? request.ExpiresAt : at;
    }

    private async Task NotifyAsync(IDelegationWorkflows workflows, string requestId, CancellationToken cancellationToken)
    {
        try
        {
            await workflows.NotifyAnsweredAsync(requestId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The answer stands; the workflow follows up at its timer, or the resume timer does.
            LogNotNotified(logger, e, requestId);
        }
    }

    /// <summary>Starts a new request's workflow; a failure leaves the request to the resume timer.</summary>
    public async Task StartAsync(DelegationRequestEntity request, IDelegationWorkflows workflows, CancellationToken cancellationToken)
    {
        try
        {
            await workflows.StartAsync(DelegationWorkflowInput.For(request), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNotStarted(logger, e, request.RequestId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} has no row; its workflow ends without an outcome")]
    private static partial void LogMissing(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The workflow of request {RequestId} could not be told of its answer; its timer or the resume timer follows up")]
    private static partial void LogNotNotified(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The workflow of request {RequestId} could not be started; the resume timer will find the request")]
    private static partial void LogNotStarted(ILogger logger, Exception exception, string requestId);
}
