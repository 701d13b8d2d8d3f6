using System.Net.Sockets;
using Azure;

namespace TaxIdentity.Core.Common.Storage;

/// <summary>
/// Tells an outage of a dependency (Table Storage down, refusing connections or too slow) from a bug: the
/// first is answered 503 with Retry-After, the second 500.
/// </summary>
public static class StorageOutage
{
    /// <summary>How long clients are told to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool IsOutage(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or >= 500 || IsOutageInner(failed),
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsOutage),
        HttpRequestException or SocketException or TimeoutException or IOException => true,

        // The storage client's network timeout surfaces as a cancellation nobody asked for.
        OperationCanceledException canceled => canceled.InnerException is TimeoutException || canceled is TaskCanceledException { InnerException: not null },
        _ => false,
    };

    private static bool IsOutageInner(Exception exception) => exception.InnerException is { } inner && IsOutage(inner);
}
