using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Profile;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Functions.Verification;

namespace TaxIdentity.Functions.Profile;

/// <summary>My phones (F3): list, add, modify the default, delete a non-default one, set the default.</summary>
public sealed class PhoneFunctions(HttpEndpoint endpoint, PhoneService phones)
{
    private const string Tag = "Personal information";

    [Function(nameof(ListMyPhones))]
    [ApiDoc(Tag, "My phones, masked, exactly one the default (F3)", Response = typeof(PhoneView[]), Access = ApiAccess.SignedIn)]
    public Task<IActionResult> ListMyPhones(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/phones")] HttpRequest request) =>
        endpoint.SignedInAsync(request, (caller, _) => Task.FromResult<IActionResult>(ApiResult.Ok(MeService.PhonesOf(caller.Person))));

    [Function(nameof(AddPhone))]
    [ApiDoc(Tag, "Add a phone: prove the default phone (SMS or face), then the new one by its own SMS code (F3); 409 when the number is taken",
        Request = typeof(PhoneAddRequest), Response = typeof(PhoneAdded), Status = 201, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.VerificationFailed, ErrorCodes.Conflict])]
    public Task<IActionResult> AddPhone(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/phones")] HttpRequest request) =>
        endpoint.SignedInAsync<PhoneAddRequest>(request, async (caller, body, cancellationToken) =>
            ApiResult.From(await phones.AddAsync(caller, body, cancellationToken), StatusCodes.Status201Created));

    [Function(nameof(ChangeDefaultPhone))]
    [ApiDoc(Tag, "Replace the default phone's number (F3); the old number is removed and freed; 409 for a phone that is not the default",
        Request = typeof(PhoneChangeRequest), Response = typeof(PhoneView), Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.VerificationFailed, ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> ChangeDefaultPhone(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/phones/{phoneId}")] HttpRequest request, string phoneId) =>
        endpoint.SignedInAsync<PhoneChangeRequest>(request, async (caller, body, cancellationToken) =>
            ApiResult.From(await phones.ChangeDefaultAsync(caller, phoneId, body, cancellationToken)));

    [Function(nameof(DeletePhone))]
    [ApiDoc(Tag, "Delete a phone that is neither the default nor the sole one, with an SMS code or a face check (F3)",
        Request = typeof(PhoneDeleteRequest), Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.VerificationFailed, ErrorCodes.NotFound, ErrorCodes.Conflict])]
    public Task<IActionResult> DeletePhone(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me/phones/{phoneId}")] HttpRequest request, string phoneId) =>
        endpoint.SignedInAsync<PhoneDeleteRequest>(request, async (caller, body, cancellationToken) =>
            VerificationFunctions.NoContentOr(await phones.DeleteAsync(caller, phoneId, body, cancellationToken)));

    [Function(nameof(SetDefaultPhone))]
    [ApiDoc(Tag, "Make a phone the default; the former default stays as an ordinary phone (F3)", Status = 204, Access = ApiAccess.SignedIn,
        Problems = [ErrorCodes.NotFound])]
    public Task<IActionResult> SetDefaultPhone(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/phones/{phoneId}/default")] HttpRequest request, string phoneId) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) =>
            VerificationFunctions.NoContentOr(await phones.SetDefaultAsync(caller, phoneId, cancellationToken)));
}
