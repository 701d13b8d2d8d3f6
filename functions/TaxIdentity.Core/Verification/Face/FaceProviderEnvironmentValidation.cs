using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TaxIdentity.Core.Verification.Face;

/// <summary>The development face provider (and with it the route that makes up results) only runs in the Development environment.</summary>
public sealed class FaceProviderEnvironmentValidation(IHostEnvironment environment) : IValidateOptions<FaceOptions>
{
    public ValidateOptionsResult Validate(string? name, FaceOptions options) =>
        options.Provider == FaceProvider.Development && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail(
                $"Face:Provider (Face__Provider) Development is only allowed in the Development environment; this is {environment.EnvironmentName}.")
            : ValidateOptionsResult.Success;
}
