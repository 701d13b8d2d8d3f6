using Microsoft.Extensions.Logging;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// Makes sure no request stays pending for ever: a request still pending a while after its expiry has lost its
/// workflow instance (a crash between writing the request and starting it, a purged task hub, a failed instance), so
/// its workflow is started again; its timer is past, so it expires at once. Answers resume such requests too.
/// </summary>
public sealed partial class DelegationResume(DelegationStore store, TimeProvider time, ILogger<DelegationResume> logger)
{
    /// <summary>How long after its expiry a pending request counts as stalled (its own timer normally fires within seconds).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    public async Task<int> RunAsync(IDelegationWorkflows workflows, CancellationToken cancellationToken)
    {
        var stalled = await store.OverdueAsync(time.GetUtcNow() - Grace, cancellationToken);
        foreach (var request in stalled)
        {
            LogResuming(logger, request.RequestId);
            await workflows.EnsureStartedAsync(DelegationWorkflowInput.For(request), cancellationToken);
        }

        return stalled.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} is pending past its expiry; starting its workflow again")]
    private static partial void LogResuming(ILogger logger, string requestId);
}
