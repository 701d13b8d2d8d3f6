using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// Hands answers to a request's workflow and tells the caller whether theirs won. A request that is no longer
/// pending, or is past its expiry (even if its timer has not fired yet), is refused before anything is raised. The
/// caller then watches the request's row, which the workflow's activity moves, until it leaves pending, so of two
/// racing answers exactly one is told 204 and the other 409.
/// </summary>
public sealed partial class DelegationAnswers(DelegationStore store, IOptions<DelegationOptions> options, TimeProvider time, ILogger<DelegationAnswers> logger)
{
    /// <summary>Pauses between reads of the row while the workflow applies an answer (the last one repeats).</summary>
    private static readonly int[] PollMilliseconds = [20, 40, 80, 120, 200];

    /// <summary>How long the row may stay pending after an answer before the answer is raised again.</summary>
    private const long RaiseAgainMilliseconds = 5_000;

    public async Task<Outcome<Done>> AnswerAsync(
        DelegationRequestEntity request, string eventName, DelegationAnswer answer, IDelegationWorkflows workflows, CancellationToken cancellationToken)
    {
        var noun = request.Kind == DelegationSource.Invitation ? "invitation" : "application";
        var state = request.StateAt(time.GetUtcNow());
        if (state != DelegationStatus.Pending)
        {
            return Problem.Conflict($"The {noun} is {state.ToText()}; it can no longer be answered.");
        }

        var wanted = DelegationEvents.StatusOf(eventName);
        var input = DelegationWorkflowInput.For(request);
        Task Raise() => workflows.RaiseAsync(input, eventName, answer, cancellationToken);
        await Raise();
        var final = await OutcomeAsync(request, TimeSpan.FromSeconds(options.Value.AnswerWaitSeconds), Raise, cancellationToken);
        if (final is null)
        {
            LogSlow(logger, request.RequestId);
            return Problem.Unavailable(StorageOutage.RetryAfterSeconds) with
            {
                Detail = $"The answer was handed to the {noun}'s workflow but not applied in time; read the {noun} again shortly.",
            };
        }

        return final == wanted ? Done.Value : Problem.Conflict($"The {noun} was {final.Value.ToText()} meanwhile.");
    }

    /// <summary>
    /// The status the request leaves pending for, read from its row (the source of truth); null when it stays pending for
    /// <paramref name="wait"/>. Waits in real time, not the TimeProvider's: the workflow runs on the engine's clock. While
    /// the row stays pending the answer is raised again every few seconds (events are delivered at least once; the
    /// workflow takes the first and finishes), in case the engine dropped it.
    /// </summary>
    private async Task<DelegationStatus?> OutcomeAsync(DelegationRequestEntity request, TimeSpan wait, Func<Task> raiseAgain, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        var nextRaise = Environment.TickCount64 + RaiseAgainMilliseconds;
        for (var poll = 0; ; poll++)
        {
            if (Environment.TickCount64 > nextRaise)
            {
                LogRaisedAgain(logger, request.RequestId);
                await raiseAgain();
                nextRaise = Environment.TickCount64 + RaiseAgainMilliseconds;
            }

            await Task.Delay(PollMilliseconds[Math.Min(poll, PollMilliseconds.Length - 1)], cancellationToken);
            var row = await store.FindAsync(request.PartitionKey, request.Kind, request.RequestId, cancellationToken);
            if (row is not null && row.State != DelegationStatus.Pending)
            {
                return row.State;
            }

            if (Environment.TickCount64 > deadline)
            {
                return null;
            }
        }
    }

    /// <summary>Starts a new request's workflow; a failure leaves the request to be resumed by its first answer or the resume timer.</summary>
    public async Task StartAsync(DelegationRequestEntity request, IDelegationWorkflows workflows, CancellationToken cancellationToken)
    {
        try
        {
            await workflows.EnsureStartedAsync(DelegationWorkflowInput.For(request), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNotStarted(logger, e, request.RequestId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer to request {RequestId} is not applied yet; raising it again")]
    private static partial void LogRaisedAgain(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The workflow of request {RequestId} did not finish within the answer wait")]
    private static partial void LogSlow(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The workflow of request {RequestId} could not be started; its first answer or the resume timer will start it")]
    private static partial void LogNotStarted(ILogger logger, Exception exception, string requestId);
}
