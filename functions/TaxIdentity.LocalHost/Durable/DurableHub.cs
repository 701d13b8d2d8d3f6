namespace TaxIdentity.LocalHost.Durable;

/// <summary>
/// Where the Azure Storage backend keeps a task hub: the storage connection and the hub name, taken from the
/// same settings the Functions host reads.
/// </summary>
public sealed record DurableHub(string StorageConnection, string HubName)
{
    /// <summary>The storage account of the Functions runtime, Durable state included.</summary>
    public const string StorageSetting = "AzureWebJobsStorage";

    /// <summary>The app-setting form of host.json's extensions.durableTask.hubName, which overrides host.json.</summary>
    public const string HubNameSetting = "AzureFunctionsJobHost:extensions:durableTask:hubName";

    /// <summary>The Durable extension's default when host.json names no hub.</summary>
    public const string DefaultHubName = "TestHubName";

    public static DurableHub From(IConfiguration configuration, HostJson hostJson)
    {
        var connection = configuration[StorageSetting];
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException(
                $"{StorageSetting} must name the storage account for Durable state (UseDevelopmentStorage=true for Azurite), or set LocalHost__DurableEngine=InMemory.");
        }

        return new DurableHub(connection, configuration[HubNameSetting] ?? hostJson.HubName ?? DefaultHubName);
    }
}
