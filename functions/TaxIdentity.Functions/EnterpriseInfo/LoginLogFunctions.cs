using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Logs;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Functions.EnterpriseInfo;

/// <summary>I1 and I2: login-log pages, newest first, the last 30 days unless from/to say otherwise.</summary>
public sealed class LoginLogFunctions(HttpEndpoint endpoint, LoginLogQueries logs)
{
    private const string Tag = "Login logs";

    [Function(nameof(ListEnterpriseLoginLogs))]
    [RequiresFunction(TaxFunctions.LoginLogs)]
    [ApiDoc(Tag, "The enterprise's login log by login type, time range, fuzzy name and identity type; managers holding loginLogs (I1)",
        Response = typeof(LoginLogPage), Access = ApiAccess.SignedIn, Query = ["loginType", "from", "to", "name", "identityType", "pageSize", "continuation"],
        Problems = [ErrorCodes.ValidationFailed, ErrorCodes.Forbidden])]
    public Task<IActionResult> ListEnterpriseLoginLogs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enterprise/login-logs")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.From(await logs.EnterpriseAsync(
            caller,
            new LoginLogQuery(request.Query["loginType"], request.Query["from"], request.Query["to"], request.Query["name"], request.Query["identityType"],
                request.Query["pageSize"], request.Query["continuation"]),
            cancellationToken)));

    [Function(nameof(ListMyLoginLogs))]
    [ApiDoc(Tag, "My own logins and switches by login type and time range (I2)",
        Response = typeof(LoginLogPage), Access = ApiAccess.SignedIn, Query = ["loginType", "from", "to", "pageSize", "continuation"],
        Problems = [ErrorCodes.ValidationFailed])]
    public Task<IActionResult> ListMyLoginLogs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/login-logs")] HttpRequest request) =>
        endpoint.SignedInAsync(request, async (caller, cancellationToken) => ApiResult.From(await logs.MineAsync(
            caller,
            new LoginLogQuery(request.Query["loginType"], request.Query["from"], request.Query["to"], PageSize: request.Query["pageSize"], Continuation: request.Query["continuation"]),
            cancellationToken)));
}
