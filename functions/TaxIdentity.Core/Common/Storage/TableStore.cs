using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace TaxIdentity.Core.Common.Storage;

/// <summary>The app's single entry point to Table Storage: one service client, prefixed table names, tables created once.</summary>
public sealed class TableStore(TableServiceClient service, IOptions<TableOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tables = new(StringComparer.Ordinal);

    public Task<TableClient> GetTableAsync(string name, CancellationToken cancellationToken = default) =>
        tables.GetOrAdd(name, key => new Lazy<Task<TableClient>>(() => CreateAsync(key, cancellationToken))).Value;

    private async Task<TableClient> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var client = service.GetTableClient(options.Value.Prefix + name);
        try
        {
            await client.CreateIfNotExistsAsync(cancellationToken);
        }
        catch
        {
            tables.TryRemove(name, out _);
            throw;
        }

        return client;
    }
}
