namespace TaxIdentity.Core.Verification.Sms;

/// <summary>Where ACS is and how it is reached, read once from <see cref="SmsOptions"/>: an access key, or a Microsoft Entra token.</summary>
/// <param name="Endpoint">The resource endpoint, https (plain http only to loopback, for tests).</param>
/// <param name="Connection">The parsed connection string when an access key signs the requests; null for Microsoft Entra tokens.</param>
public sealed record AcsTarget(Uri Endpoint, AcsConnectionString? Connection)
{
    /// <summary>Reads the settings; a setting that can't work throws, naming it and never echoing a key.</summary>
    public static AcsTarget From(SmsOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var hasConnectionString = !string.IsNullOrWhiteSpace(settings.ConnectionString);
        if (hasConnectionString == settings.Endpoint is not null)
        {
            throw new InvalidOperationException("Set exactly one of Sms:Endpoint (Sms__Endpoint) or Sms:ConnectionString (Sms__ConnectionString).");
        }

        if (hasConnectionString)
        {
            return AcsConnectionString.TryParse(settings.ConnectionString, out var connection, out var error)
                ? new AcsTarget(connection.Endpoint, connection)
                : throw new InvalidOperationException($"Sms:ConnectionString (Sms__ConnectionString): {error}");
        }

        // The bearer token must not travel in the clear.
        return AcsConnectionString.IsAllowedEndpoint(settings.Endpoint!)
            ? new AcsTarget(settings.Endpoint!, null)
            : throw new InvalidOperationException("Sms:Endpoint (Sms__Endpoint) must be an absolute https URI: https://<resource>.communication.azure.com.");
    }
}
