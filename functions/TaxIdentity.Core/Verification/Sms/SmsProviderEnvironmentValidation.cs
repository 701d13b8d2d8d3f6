using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TaxIdentity.Core.Verification.Sms;

/// <summary>The development SMS provider (and with it the dev inbox route) only runs in the Development environment.</summary>
public sealed class SmsProviderEnvironmentValidation(IHostEnvironment environment) : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options) =>
        options.Provider == SmsProvider.Development && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail(
                $"Sms:Provider (Sms__Provider) Development is only allowed in the Development environment; this is {environment.EnvironmentName}.")
            : ValidateOptionsResult.Success;
}
