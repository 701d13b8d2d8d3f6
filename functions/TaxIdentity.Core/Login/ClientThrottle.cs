using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Throttling;

namespace TaxIdentity.Core.Login;

/// <summary>Per-client limits (A8, A12): a fixed one-minute window per purpose and client, shared by every instance.</summary>
public sealed class ClientThrottle(FixedWindowCounter counter)
{
    /// <summary>Takes one unit of the client's minute for <paramref name="purpose"/>; a 429 problem when none is left.</summary>
    public async Task<Problem?> TakeAsync(string purpose, ClientInfo client, int perMinute, CancellationToken cancellationToken)
    {
        var taken = await counter.TryTakeAsync(purpose + "|" + client.ThrottleKey, perMinute, TimeSpan.FromMinutes(1), cancellationToken);
        return taken.Allowed ? null : Problem.RateLimited(taken.RetryAfterSeconds);
    }
}
