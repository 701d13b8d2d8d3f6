using System.ComponentModel.DataAnnotations;
using Azure;
using Microsoft.Extensions.Logging;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Health;

public sealed record HealthReport([property: AllowedValues("healthy", "unhealthy")] string Status, [property: AllowedValues("ok", "unavailable")] string Storage)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Healthy => Status == "healthy";
}

/// <summary>Checks that the platform's tables answer, with one point read.</summary>
public sealed partial class HealthService(TableStore store, ILogger<HealthService> logger)
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var table = await store.GetTableAsync(TableNames.Persons, cancellationToken);
            await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", ["PartitionKey"], cancellationToken);
            return new HealthReport("healthy", "ok");
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException or TimeoutException)
        {
            LogStorageUnavailable(logger, e);
            return new HealthReport("unhealthy", "unavailable");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check: table storage did not answer")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception);
}
