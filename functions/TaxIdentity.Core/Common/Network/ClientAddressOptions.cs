using System.ComponentModel.DataAnnotations;
using System.Net;

namespace TaxIdentity.Core.Common.Network;

/// <summary>
/// Which entries of a forwarding header to believe (A12, A13), with ASP.NET Core's forwarded-headers semantics. Bound
/// from <c>ClientAddress</c>. The address to start from is the one the Functions host saw: the host sets X-Forwarded-For
/// to it alone and the worker makes it the connection's address, so X-Forwarded-For itself never reaches a function
/// with entries. Behind a proxy that writes its own header (Front Door's X-Azure-ClientIP), <see cref="Header"/> names it:
/// up to <see cref="ForwardLimit"/> of its entries are taken, right to left, each only while the address that handed
/// it over is a known proxy or in a known network (any address, when neither list is set).
/// </summary>
public sealed class ClientAddressOptions : IValidatableObject
{
    public const string Section = "ClientAddress";

    public const string DefaultHeader = "X-Forwarded-For";

    /// <summary>The header whose entries <see cref="ForwardLimit"/> counts (the Functions host passes every header but X-Forwarded-*).</summary>
    [RegularExpression("^[A-Za-z0-9-]{1,64}$", ErrorMessage = "ClientAddress:Header (ClientAddress__Header) must be a header name.")]
    public string Header { get; set; } = DefaultHeader;

    /// <summary>How many entries (hops) of <see cref="Header"/> to take at most; 0 ignores the header.</summary>
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
