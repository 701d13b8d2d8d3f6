using System.Net;
using Microsoft.Extensions.Options;

namespace TaxIdentity.Core.Common.Network;

/// <summary>
/// The client's address from the connection's and the entries of the configured forwarding header, the way ASP.NET Core's
/// ForwardedHeadersMiddleware reads them: right to left, at most ForwardLimit entries, each taken only while
/// the current address is trusted, stopping at the first entry that is not an IP address (what was taken so far
/// stands; empty entries are skipped). Never throws on what a caller sends.
/// </summary>
public sealed class ClientAddressResolver
{
    private readonly int forwardLimit;
    private readonly IReadOnlyList<IPAddress> proxies;
    private readonly IReadOnlyList<IPNetwork> networks;

    public ClientAddressResolver(IOptions<ClientAddressOptions> options)
    {
        forwardLimit = options.Value.ForwardLimit;
        Header = options.Value.Header;
        proxies = options.Value.Proxies();
        networks = options.Value.Networks();
    }

    /// <summary>The header whose entries <see cref="Resolve"/> reads (ClientAddress:Header).</summary>
    public string Header { get; }

    /// <param name="socket">The address the request came from (null when the server does not know it).</param>
    /// <param name="forwardedFor">The forwarding header's values, each maybe a comma-separated list.</param>
    public IPAddress? Resolve(IPAddress? socket, IEnumerable<string?> forwardedFor)
    {
        var current = socket is null ? null : Normalize(socket);
        if (forwardLimit == 0)
        {
            return current;
        }

        var entries = forwardedFor
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
            .ToList();
        var checkTrust = proxies.Count > 0 || networks.Count > 0;
        for (var index = entries.Count - 1; index >= Math.Max(0, entries.Count - forwardLimit); index--)
        {
            if (current is not null && checkTrust && !IsTrusted(current))
            {
                break;
            }

            if (entries[index].Length == 0)
            {
                continue;
            }

            if (!IPEndPoint.TryParse(entries[index], out var endPoint))
            {
                break;
            }

            current = Normalize(endPoint.Address);
        }

        return current;
    }

    /// <summary>
    /// The key a per-client limit counts under: an IPv4 address as is, an IPv6 address by its /64 (one
    /// subscriber's network, whose interface IDs a client can rotate at will).
    /// </summary>
    public static string ThrottleKey(string ip) =>
        IPAddress.TryParse(ip, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? new IPNetwork(Mask(address, 64), 64).ToString()
            : ip;

    private bool IsTrusted(IPAddress address) =>
        proxies.Any(proxy => proxy.Equals(address)) || networks.Any(network => network.Contains(address));

    /// <summary>IPv4-mapped IPv6 as IPv4, no scope ID, so one client has one spelling.</summary>
    private static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
    }

    private static IPAddress Mask(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
