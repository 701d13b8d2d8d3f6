using Microsoft.Extensions.Logging;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// Makes sure no request stays open for ever: a request still on the due index a while after its expiry lost its
/// workflow (a crash between writing the request and starting it, a purged task hub, a failed instance, an event the
/// engine dropped), so it is expired (or, when answered, completed) here, without the engine. The due index is one
/// partition ordered by expiry, so this is one range query however many enterprises there are.
/// </summary>
public sealed partial class DelegationResume(DelegationStore store, DelegationAnswers answers, TimeProvider time, ILogger<DelegationResume> logger)
{
    /// <summary>How long after its expiry an open request counts as stalled (its own timer normally fires within seconds).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var stalled = await store.DueAsync(time.GetUtcNow() - Grace, cancellationToken);
        foreach (var due in stalled)
        {
            LogResuming(logger, due.RequestId);
            await answers.CompleteAsync(due.EnterpriseId, Common.Json.EnumText.Parse<DelegationSource>(due.Source), due.RequestId, cancellationToken);
            await store.RemoveDueAsync(due, cancellationToken);
        }

        return stalled.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} is still open past its expiry; completing it without its workflow")]
    private static partial void LogResuming(ILogger logger, string requestId);
}
