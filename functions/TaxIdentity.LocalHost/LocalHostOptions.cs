using System.ComponentModel.DataAnnotations;

namespace TaxIdentity.LocalHost;

/// <summary>Which Durable Task engine the local host runs orchestrations on.</summary>
public enum DurableEngine
{
    /// <summary>The Azure Storage backend (Durable Functions' default) on AzureWebJobsStorage: state survives restarts.</summary>
    AzureStorage,

    /// <summary>The in-process, in-memory engine: fast, for tests that don't need persistence.</summary>
    InMemory,
}

/// <summary>The local host's own settings (section <c>LocalHost</c>); the Functions host has no equivalent.</summary>
public sealed class LocalHostOptions
{
    public const string Section = "LocalHost";

    public DurableEngine DurableEngine { get; set; } = DurableEngine.AzureStorage;

    /// <summary>
    /// Identifies this host to the Azure Storage backend's partition leases. Keep it stable across restarts:
    /// a new ID waits for the previous one's leases to expire (about 20 s) before work resumes.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "LocalHost:WorkerId (LocalHost__WorkerId) must not be empty.")]
    public string WorkerId { get; set; } = "local-" + Environment.MachineName;

    /// <summary>Longest wait between polls of an idle control queue; the backend's own default is 30 s.</summary>
    [Range(0.1, 30, ErrorMessage = "LocalHost:MaxQueuePollingSeconds (LocalHost__MaxQueuePollingSeconds) must be between 0.1 and 30.")]
    public double MaxQueuePollingSeconds { get; set; } = 1;

    /// <summary>
    /// A header in which a stand-in for the platform's front end (the tests, the benchmark) names the address it saw
    /// the client at; the local host takes it for the connection's address. Unset (./run.sh), the socket's address is
    /// the client's and no header a caller sends is believed.
    /// </summary>
    public string? ClientAddressHeader { get; set; }
}
