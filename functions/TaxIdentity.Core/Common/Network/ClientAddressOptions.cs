using System.ComponentModel.DataAnnotations;
using System.Net;

namespace TaxIdentity.Core.Common.Network;

/// <summary>
/// Which X-Forwarded-For entries to believe (A12, A13), with ASP.NET Core's forwarded-headers semantics. Bound
/// from <c>ClientAddress</c>. The address to start from is the one the Functions host saw (the worker's own
/// forwarded-headers step has already taken it from the host's loopback hop); up to <see cref="ForwardLimit"/>
/// entries before it are taken, right to left, each only while the address that handed it over is a known proxy
/// or in a known network (any address, when neither list is set).
/// </summary>
public sealed class ClientAddressOptions : IValidatableObject
{
    public const string Section = "ClientAddress";

    /// <summary>How many X-Forwarded-For entries (hops) to take at most; 0 ignores the header.</summary>
    [Range(0, 10, ErrorMessage = "ClientAddress:ForwardLimit (ClientAddress__ForwardLimit) must be between 0 and 10.")]
    public int ForwardLimit { get; set; }

    /// <summary>Comma-separated IP addresses of trusted proxies.</summary>
    public string? KnownProxies { get; set; }

    /// <summary>Comma-separated CIDR networks of trusted proxies (203.0.113.0/24, 2001:db8::/32).</summary>
    public string? KnownNetworks { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in Entries(KnownProxies).Where(entry => !IPAddress.TryParse(entry, out _)))
        {
            yield return new ValidationResult(
                $"ClientAddress:KnownProxies (ClientAddress__KnownProxies) holds '{entry}', which is not an IP address.", [nameof(KnownProxies)]);
        }

        foreach (var entry in Entries(KnownNetworks).Where(entry => !IPNetwork.TryParse(entry, out _)))
        {
            yield return new ValidationResult(
                $"ClientAddress:KnownNetworks (ClientAddress__KnownNetworks) holds '{entry}', which is not a CIDR network.", [nameof(KnownNetworks)]);
        }
    }

    public IReadOnlyList<IPAddress> Proxies() => [.. Entries(KnownProxies).Select(entry => IPAddress.Parse(entry))];

    public IReadOnlyList<IPNetwork> Networks() => [.. Entries(KnownNetworks).Select(entry => IPNetwork.Parse(entry))];

    private static string[] Entries(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
