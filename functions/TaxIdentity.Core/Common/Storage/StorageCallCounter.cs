using Azure.Core;
using Azure.Core.Pipeline;

namespace TaxIdentity.Core.Common.Storage;

/// <summary>
/// Counts storage round trips (every attempt, retries included). A total for the process, and a
/// per-operation count for whatever runs inside <see cref="BeginScope"/> (one HTTP request, say).
/// </summary>
public sealed class StorageCallCounter : HttpPipelinePolicy
{
    private static readonly AsyncLocal<Scope?> CurrentScope = new();
    private long total;

    public long Total => Interlocked.Read(ref total);

    /// <summary>Starts counting the calls made by the current asynchronous flow.</summary>
    public static Scope BeginScope() => CurrentScope.Value = new Scope();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count();
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count();
        return ProcessNextAsync(message, pipeline);
    }

    private void Count()
    {
        Interlocked.Increment(ref total);
        CurrentScope.Value?.Increment();
    }

    public sealed class Scope : IDisposable
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        internal void Increment() => Interlocked.Increment(ref calls);

        public void Dispose()
        {
            if (ReferenceEquals(CurrentScope.Value, this))
            {
                CurrentScope.Value = null;
            }
        }
    }
}
