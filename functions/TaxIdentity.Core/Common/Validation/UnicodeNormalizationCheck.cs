using Microsoft.Extensions.Hosting;

namespace TaxIdentity.Core.Common.Validation;

/// <summary>
/// Refuses to start where text can't be NFC-normalized (globalization-invariant mode, no ICU), so names are never
/// stored unnormalized without anyone noticing.
/// </summary>
public sealed class UnicodeNormalizationCheck : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        HumanText.NormalizationAvailable
            ? Task.CompletedTask
            : throw new InvalidOperationException(
                "Unicode normalization is not available: the app runs in globalization-invariant mode or without ICU (libicu). "
                + "Unset DOTNET_SYSTEM_GLOBALIZATION_INVARIANT and install ICU.");

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
