using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace TaxIdentity.Core.Common.Storage;

/// <summary>
/// Counts storage round trips (every attempt, retries included). A total for the process, and a
/// per-operation count for whatever runs inside <see cref="BeginScope"/> (one HTTP request, say), which also
/// counts the entities the storage answers returned (a point read one, a query page its rows).
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
        CountEntities(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count();
        await ProcessNextAsync(message, pipeline);
        CountEntities(message);
    }

    /// <summary>
    /// The entities in a Table service answer: the rows of a query page ("value"), one for a point read (an entity's
    /// own properties), none otherwise. The body is already buffered when a per-retry policy sees it.
    /// </summary>
    public static int EntitiesIn(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }

            var entity = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isValue = reader.ValueTextEquals("value"u8);
                entity |= reader.ValueTextEquals("PartitionKey"u8) ? 1 : 0;
                reader.Read();
                if (isValue && reader.TokenType == JsonTokenType.StartArray)
                {
                    var rows = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        rows++;
                        reader.Skip();
                    }

                    return rows;
                }

                reader.Skip();
            }

            return entity;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private void Count()
    {
        Interlocked.Increment(ref total);
        CurrentScope.Value?.Increment();
    }

    private static void CountEntities(HttpMessage message)
    {
        if (CurrentScope.Value is { } scope && message.HasResponse && message.Response.Status == 200 && message.Request.Method == RequestMethod.Get)
        {
            scope.AddEntities(EntitiesIn(message.Response.Content.ToMemory().Span));
        }
    }

    public sealed class Scope : IDisposable
    {
        private int calls;
        private int entities;

        public int Calls => Volatile.Read(ref calls);

        /// <summary>Entities the storage answers returned: rows of query pages and point reads.</summary>
        public int Entities => Volatile.Read(ref entities);

        internal void Increment() => Interlocked.Increment(ref calls);

        internal void AddEntities(int count) => Interlocked.Add(ref entities, count);

        public void Dispose()
        {
            if (ReferenceEquals(CurrentScope.Value, this))
            {
                CurrentScope.Value = null;
            }
        }
    }
}
