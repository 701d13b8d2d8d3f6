using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// Hands answers to a request's workflow and tells the caller whether theirs won. A request that is no longer
/// pending, or is past its expiry (even if its timer has not fired yet), is refused before anything is raised. The
/// caller waits for the workflow to finish, so of two racing answers exactly one is told 204 and the other 409.
/// </summary>
public sealed partial class DelegationAnswers(IOptions<DelegationOptions> options, TimeProvider time, ILogger<DelegationAnswers> logger)
{
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
        var final = await workflows.AnswerAsync(
            DelegationWorkflowInput.For(request), eventName, answer, TimeSpan.FromSeconds(options.Value.AnswerWaitSeconds), cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The workflow of request {RequestId} did not finish within the answer wait")]
    private static partial void LogSlow(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The workflow of request {RequestId} could not be started; its first answer or the resume timer will start it")]
    private static partial void LogNotStarted(ILogger logger, Exception exception, string requestId);
}
