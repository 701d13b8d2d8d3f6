using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Profile;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Functions.Delegation;
using TaxIdentity.Functions.Verification;

namespace TaxIdentity.Functions.Profile;

/// <summary>Personal information (F1, F2, F4-F9): basic info, password, username, e-mail, ID validity, address, name, deregistration.</summary>
public sealed class ProfileFunctions(
    HttpEndpoint endpoint, MeService me, PasswordChangeService passwords, UsernameService usernames, DeregistrationService deregistration)
{
    private const string Tag = "Personal information";

    [Function(nameof(GetMe))]
    [ApiDoc(Tag, "My basic info, masked (F1)", Response = typeof(MeView), Access = ApiAccess.SignedIn)]
    public Task<IActionResult> GetMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request) =>
        endpoint.SignedInAsync(request, (caller, _) => Task.FromResult<IActionResult>(ApiResult.Ok(MeService.View(caller.Person))));

    [Function(nameof(ChangePassword))]
    [ApiDoc(Tag, "Change my password by the old password, an SMS code or a face check (F2); every other session ends, this one is kept",
        Request = typeof(PasswordChangeRequest), Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.PasswordPolicy, ErrorCodes.VerificationFailed])]
    public Task<IActionResult> ChangePassword(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/password")] HttpRequest request) =>
        endpoint.SignedInAsync<PasswordChangeRequest>(request, async (caller, body, cancellationToken) =>
            VerificationFunctions.NoContentOr(await passwords.ChangeAsync(caller, body, cancellationToken)));

    [Function(nameof(ChangeUsername))]
    [ApiDoc(Tag, "Change my username, unique ignoring case, with an SMS code or a face check (F4); 409 when taken",
        Request = typeof(UsernameChangeRequest), Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.VerificationFailed, ErrorCodes.Conflict])]
    public Task<IActionResult> ChangeUsername(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/username")] HttpRequest request) =>
        endpoint.SignedInAsync<UsernameChangeRequest>(request, async (caller, body, cancellationToken) =>
            VerificationFunctions.NoContentOr(await usernames.ChangeAsync(caller, body, cancellationToken)));

    [Function(nameof(ChangeEmail))]
    [ApiDoc(Tag, "Change my e-mail address (F5)", Request = typeof(EmailChangeRequest), Status = 204, Access = ApiAccess.SignedIn)]
    public Task<IActionResult> ChangeEmail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/email")] HttpRequest request) =>
        endpoint.SignedInAsync<EmailChangeRequest>(request, async (caller, body, cancellationToken) =>
            VerificationFunctions.NoContentOr(await me.ChangeEmailAsync(caller, body, cancellationToken)));

    [Function(nameof(ChangeIdValidity))]
    [ApiDoc(Tag, "Change my ID document's validity: custom (start and end) or longTerm (start only) (F6)",
        Request = typeof(IdValidityChangeRequest), Status = 204, Access = ApiAccess.SignedIn)]
    public Task<IActionResult> ChangeIdValidity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/id-validity")] HttpRequest request) =>
        endpoint.SignedInAsync<IdValidityChangeRequest>(request, async (caller, body, cancellationToken) =>
            VerificationFunctions.NoContentOr(await me.ChangeIdValidityAsync(caller, body, cancellationToken)));

    [Function(nameof(ChangeAddress))]
    [ApiDoc(Tag, "Change my address (F7)", Request = typeof(AddressChangeRequest), Status = 204, Access = ApiAccess.SignedIn)]
    public Task<IActionResult> ChangeAddress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/address")] HttpRequest request) =>
        endpoint.SignedInAsync<AddressChangeRequest>(request, async (caller, body, cancellationToken) =>
            VerificationFunctions.NoContentOr(await me.ChangeAddressAsync(caller, body, cancellationToken)));

    [Function(nameof(ChangeName))]
    [ApiDoc(Tag, "Change my name (F8, 证件信息修改) with an approved changeName face check naming the new name and my ID; the default phone is told",
        Request = typeof(NameChangeRequest), Status = 204, Access = ApiAccess.SignedIn, Problems = [ErrorCodes.VerificationFailed])]
    public Task<IActionResult> ChangeName(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/name")] HttpRequest request) =>
        endpoint.SignedInAsync<NameChangeRequest>(request, async (caller, body, cancellationToken) =>
            VerificationFunctions.NoContentOr(await me.ChangeNameAsync(caller, body, HttpEndpoint.ClientOf(request), cancellationToken)));

    [Function(nameof(Deregister))]
    [ApiDoc(Tag, "Deregister my account for good, after the agreement and an SMS code or a face check (F9); every identity and session ends",
        Request = typeof(DeregistrationRequest), Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.VerificationFailed])]
    public Task<IActionResult> Deregister(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/deregistration")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        endpoint.SignedInAsync<DeregistrationRequest>(request, async (caller, body, cancellationToken) =>
            VerificationFunctions.NoContentOr(await deregistration.DeregisterAsync(caller, body, new DelegationWorkflowClient(durable), cancellationToken)));
}
