using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Registration;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.Provisioning;

/// <summary>The tax office's provisioning API (J1, J2), guarded by X-Operator-Key.</summary>
public sealed class ProvisioningFunctions(
    HttpEndpoint endpoint, EnterpriseProvisioning enterprises, ReferenceDataProvisioning referenceData, RegistrationCodeService registrationCodes)
{
    private const string Tag = "Tax-office provisioning";

    [Function(nameof(PutEnterprise))]
    [ApiDoc(Tag, "Create or update an enterprise with its legal representative and financial officer (J1); idempotent",
        Request = typeof(EnterpriseSyncRequest), Response = typeof(EnterpriseSyncResult), Access = ApiAccess.Operator,
        Problems = [ErrorCodes.Conflict])]
    public Task<IActionResult> PutEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "operator/enterprises/{creditCode}")] HttpRequest request, string creditCode) =>
        endpoint.OperatorAsync<EnterpriseSyncRequest, EnterpriseSyncResult>(request, (body, cancellationToken) =>
            enterprises.SyncAsync(creditCode, body, cancellationToken));

    [Function(nameof(GetOperatorEnterprise))]
    [ApiDoc(Tag, "The enterprise as provisioned (unmasked)", Response = typeof(OperatorEnterpriseView), Access = ApiAccess.Operator,
        Problems = [ErrorCodes.ValidationFailed])]
    public Task<IActionResult> GetOperatorEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operator/enterprises/{creditCode}")] HttpRequest request, string creditCode) =>
        endpoint.OperatorAsync(request, async cancellationToken =>
            ApiResult.From(await enterprises.GetAsync(creditCode, cancellationToken)));

    [Function(nameof(PutPerson))]
    [ApiDoc(Tag, "Pre-provision a person (J2): existing households, real-name level",
        Request = typeof(PersonProvisionRequest), Response = typeof(PersonProvisionResult), Access = ApiAccess.Operator,
        Problems = [ErrorCodes.Conflict])]
    public Task<IActionResult> PutPerson(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "operator/persons/{idType}/{idNumber}")] HttpRequest request, string idType, string idNumber) =>
        endpoint.OperatorAsync<PersonProvisionRequest, PersonProvisionResult>(request, (body, cancellationToken) =>
            enterprises.ProvisionPersonAsync(idType, idNumber, body, cancellationToken));

    [Function(nameof(IssueRegistrationCode))]
    [ApiDoc(Tag, "Issue a one-time registration code for a person's ID (J2, A1): shown once, valid 7 days, replaces an earlier one",
        Response = typeof(RegistrationCodeIssued), Status = 201, Access = ApiAccess.Operator, Problems = [ErrorCodes.ValidationFailed])]
    public Task<IActionResult> IssueRegistrationCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operator/persons/{idType}/{idNumber}/registration-code")] HttpRequest request,
        string idType,
        string idNumber) =>
        endpoint.OperatorAsync(request, async cancellationToken =>
            ApiResult.From(await registrationCodes.IssueAsync(idType, idNumber, cancellationToken), StatusCodes.Status201Created));

    [Function(nameof(PutAgency))]
    [ApiDoc(Tag, "Create or replace an enterprise's tax agency (J2)",
        Request = typeof(AgencyRequest), Response = typeof(AgencyResult), Access = ApiAccess.Operator)]
    public Task<IActionResult> PutAgency(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "operator/enterprises/{creditCode}/agencies/{agreementNumber}")] HttpRequest request,
        string creditCode,
        string agreementNumber) =>
        endpoint.OperatorAsync<AgencyRequest, AgencyResult>(request, (body, cancellationToken) =>
            referenceData.PutAgencyAsync(creditCode, agreementNumber, body, cancellationToken));

    [Function(nameof(PutCrossRegionItem))]
    [ApiDoc(Tag, "Create or replace a cross-region inspection item or tax-source registration (J2)",
        Request = typeof(CrossRegionItemRequest), Response = typeof(CrossRegionItemResult), Access = ApiAccess.Operator,
        Problems = [ErrorCodes.Conflict])]
    public Task<IActionResult> PutCrossRegionItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "operator/cross-region/items/{itemId}")] HttpRequest request, string itemId) =>
        endpoint.OperatorAsync<CrossRegionItemRequest, CrossRegionItemResult>(request, (body, cancellationToken) =>
            referenceData.PutCrossRegionItemAsync(itemId, body, cancellationToken));
}
