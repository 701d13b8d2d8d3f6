using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Registration;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Functions.Verification;

namespace TaxIdentity.Functions.Registration;

/// <summary>Registration (A1) and forgotten passwords (A10).</summary>
public sealed class RegistrationFunctions(HttpEndpoint endpoint, RegistrationService registration, PasswordResetService reset, LoginService login)
{
    private const string Tag = "Registration and login";

    [Function(nameof(RegisterPerson))]
    [ApiDoc(Tag, "Register a natural person, or activate a pre-provisioned one (A1)", Request = typeof(RegistrationRequest), Response = typeof(Registered), Status = 201,
        Problems = [ErrorCodes.PasswordPolicy, ErrorCodes.VerificationFailed, ErrorCodes.Conflict, ErrorCodes.RateLimited])]
    public Task<IActionResult> RegisterPerson(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "persons")] HttpRequest request) =>
        endpoint.AnonymousAsync<RegistrationRequest>(request, async (body, client, cancellationToken) =>
            await login.ThrottleAsync(client, cancellationToken) is { } throttled
                ? ApiResult.For(throttled)
                : ApiResult.From(await registration.RegisterAsync(body, cancellationToken), StatusCodes.Status201Created));

    [Function(nameof(ResetPassword))]
    [ApiDoc(Tag, "Set a new password after name, ID and an SMS code to the default phone (A10)", Request = typeof(PasswordResetRequest), Status = 204,
        Problems = [ErrorCodes.PasswordPolicy, ErrorCodes.VerificationFailed, ErrorCodes.RateLimited])]
    public Task<IActionResult> ResetPassword(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/password/reset")] HttpRequest request) =>
        endpoint.AnonymousAsync<PasswordResetRequest>(request, async (body, client, cancellationToken) =>
            await login.ThrottleAsync(client, cancellationToken) is { } throttled
                ? ApiResult.For(throttled)
                : VerificationFunctions.NoContentOr(await reset.ResetAsync(body, cancellationToken)));
}
