using System.ComponentModel.DataAnnotations;

namespace TaxIdentity.Functions.Common.Http;

/// <summary>Limits on requests. Bound from the <c>Http</c> section.</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    [Range(1024, 10 * 1024 * 1024, ErrorMessage = "Http:MaxRequestBytes (Http__MaxRequestBytes) must be between 1024 and 10485760.")]
    public int MaxRequestBytes { get; set; } = 64 * 1024;
}

/// <summary>Diagnostics for tests and benchmarks. Bound from the <c>Diagnostics</c> section.</summary>
public sealed class DiagnosticsOptions
{
    public const string Section = "Diagnostics";

    /// <summary>Adds X-Storage-Calls and X-Storage-Entities, the storage round trips a request made and the entities they returned, to every response.</summary>
    public bool StorageCallsHeader { get; set; }
}
