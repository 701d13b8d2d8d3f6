using System.Collections.Concurrent;
using System.Globalization;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Identities;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Delegation;

/// <summary>
/// Every endpoint of the delegation feature (D, E), and of enterprise information, agencies, cross-region identities and
/// login logs (C, G, H3, I), against every identity type, with and without the function the
/// action needs, on the caller's own enterprise's (or own) resource and on another enterprise's (or person's), and
/// anonymously. Each row writes down the expected status of every cell.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixFixture fixture) : IClassFixture<MatrixFixture>
{
    /// <summary>
    /// Columns: the caller's current identity type (LR legalRepresentative, FO financialOfficer, AD administrator,
    /// TC taxClerk, IP invoicePurchaser), "+" holding the function the endpoint declares (D10, its [RequiresFunction],
    /// read here from the function catalogue) and none of the other manager functions, "-" holding all the other manager
    /// functions (handlerManagement, assistCodeSettings, myAgencies, loginLogs) but that one; each forced into storage,
    /// also for TC and IP, who can't be granted them. An endpoint that declares none: "+" all of them, "-" none. First on
    /// the own enterprise's (for /me: the caller's own) resource, then on another enterprise's (another person's);
    /// last anonymous. "-" marks a cell that does not exist (the endpoint names no resource).
    /// </summary>
    public static TheoryData<string, string> Matrix => new()
    {
        //                                                           own: LR+ LR- FO+ FO- AD+ AD- TC+ TC- IP+ IP- | other: LR+ LR- FO+ FO- AD+ AD- TC+ TC- IP+ IP- | anon
        { "GET /api/me/authorizations",                              "200 200 200 200 200 200 200 200 200 200 | - - - - - - - - - - | 401" },
        { "POST /api/me/authorizations/{invitationId}/confirm",      "204 204 204 204 204 204 204 204 204 204 | 404 404 404 404 404 404 404 404 404 404 | 401" },
        { "POST /api/me/authorizations/{invitationId}/reject",       "204 204 204 204 204 204 204 204 204 204 | 404 404 404 404 404 404 404 404 404 404 | 401" },
        { "POST /api/me/applications",                               "201 201 201 201 201 201 201 201 201 201 | - - - - - - - - - - | 401" },
        { "GET /api/me/applications",                                "200 200 200 200 200 200 200 200 200 200 | - - - - - - - - - - | 401" },
        { "POST /api/me/applications/{applicationId}/withdraw",      "204 204 204 204 204 204 204 204 204 204 | 404 404 404 404 404 404 404 404 404 404 | 401" },
        { "GET /api/me/enterprises",                                 "200 200 200 200 200 200 200 200 200 200 | - - - - - - - - - - | 401" },
        { "POST /api/enterprise/invitations/preview",                "200 403 200 403 200 403 403 403 403 403 | - - - - - - - - - - | 401" },
        { "POST /api/enterprise/invitations",                        "201 403 201 403 201 403 403 403 403 403 | - - - - - - - - - - | 401" },
        { "GET /api/enterprise/invitations",                         "200 403 200 403 200 403 403 403 403 403 | - - - - - - - - - - | 401" },
        { "GET /api/enterprise/invitations/{invitationId}",          "200 403 200 403 200 403 403 403 403 403 | 404 403 404 403 404 403 403 403 403 403 | 401" },
        { "POST /api/enterprise/invitations/{invitationId}/withdraw", "204 403 204 403 204 403 403 403 403 403 | 404 403 404 403 404 403 403 403 403 403 | 401" },
        { "GET /api/enterprise/applications",                        "200 403 200 403 200 403 403 403 403 403 | - - - - - - - - - - | 401" },
        { "POST /api/enterprise/applications/{applicationId}/approve", "204 403 204 403 204 403 403 403 403 403 | 404 403 404 403 404 403 403 403 403 403 | 401" },
        { "POST /api/enterprise/applications/{applicationId}/reject", "204 403 204 403 204 403 403 403 403 403 | 404 403 404 403 404 403 403 403 403 403 | 401" },
        { "GET /api/enterprise/handlers",                            "200 403 200 403 200 403 403 403 403 403 | - - - - - - - - - - | 401" },
        { "GET /api/enterprise/handlers/{handlerId}",                "200 403 200 403 200 403 403 403 403 403 | 404 403 404 403 404 403 403 403 403 403 | 401" },
        { "PATCH /api/enterprise/handlers/{handlerId}",              "200 403 200 403 403 403 403 403 403 403 | 404 403 404 403 403 403 403 403 403 403 | 401" },
        { "DELETE /api/enterprise/handlers/{handlerId}",             "204 403 204 403 204 403 403 403 403 403 | 404 403 404 403 404 403 403 403 403 403 | 401" },
        { "PUT /api/enterprise/handlers/{handlerId}/assist-code",    "200 403 200 403 200 403 403 403 403 403 | 404 403 404 403 404 403 403 403 403 403 | 401" },
        { "GET /api/enterprise/history",                             "200 403 200 403 200 403 403 403 403 403 | - - - - - - - - - - | 401" },
        { "DELETE /api/enterprise/history?all=true",                 "200 403 200 403 200 403 403 403 403 403 | - - - - - - - - - - | 401" },
        { "GET /api/enterprise/history/clearings",                   "200 403 200 403 403 403 403 403 403 403 | - - - - - - - - - - | 401" },
        { "GET /api/enterprise",                                     "200 200 200 200 200 200 200 200 200 200 | - - - - - - - - - - | 401" },
        { "POST /api/enterprise/reveal",                             "200 200 200 200 200 200 200 200 200 200 | - - - - - - - - - - | 401" },
        { "GET /api/enterprise/reveals",                             "200 403 200 403 200 403 403 403 403 403 | - - - - - - - - - - | 401" },
        { "GET /api/enterprise/agencies",                            "200 403 200 403 200 403 403 403 403 403 | - - - - - - - - - - | 401" },
        { "GET /api/enterprise/login-logs",                          "200 403 200 403 200 403 403 403 403 403 | - - - - - - - - - - | 401" },
        { "GET /api/me/login-logs",                                  "200 200 200 200 200 200 200 200 200 200 | - - - - - - - - - - | 401" },
        { "GET /api/cross-region/inspection-items",                  "200 200 200 200 200 200 200 200 200 200 | - - - - - - - - - - | 401" },
        { "GET /api/cross-region/tax-sources",                       "200 200 200 200 200 200 200 200 200 200 | - - - - - - - - - - | 401" },
        { "POST /api/auth/switch",                                   "200 200 200 200 200 200 200 200 200 200 | 404 404 404 404 404 404 404 404 404 404 | 401" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_AnswersEveryCallerAsTheMatrixSays(string endpoint, string expected)
    {
        var cells = MatrixFixture.Cells(expected);
        var wrong = new ConcurrentBag<string>();
        foreach (var cell in cells.Where(cell => cell.Expected is not null))
        {
            var response = await fixture.SendAsync(endpoint, cell);
            var status = (int)response.StatusCode;
            if (status != cell.Expected)
            {
                wrong.Add($"{cell}: expected {cell.Expected}, got {status} {await response.Content.ReadAsStringAsync()}");
            }
            else if (status >= 400)
            {
                await response.AssertProblemAsync(response.StatusCode, status switch
                {
                    401 => "unauthenticated",
                    403 => "forbidden",
                    _ => "not_found",
                });
            }
        }

        Assert.True(wrong.IsEmpty, endpoint + ":\n" + string.Join('\n', wrong));
        Assert.Equal(21, cells.Count);
    }
}

/// <summary>One cell of the matrix: who calls, on whose resource, and the status written down for it (null: no such cell).</summary>
public sealed record MatrixCell(IdentityType? Type, bool WithFunctions, bool Other, int? Expected)
{
    public bool Anonymous => Type is null;

    public override string ToString() =>
        Anonymous ? "anonymous" : $"{Type}{(WithFunctions ? "+" : "-")} on {(Other ? "another's" : "own")}";
}

/// <summary>
/// Two enterprises: A, where one signed-in person per identity type with and without the functions acts, and B, another
/// enterprise with resources of its own. Resources an allowed cell would use up are made fresh for that cell.
/// </summary>
public sealed class MatrixFixture : IAsyncLifetime
{
    private static readonly IdentityType[] Types =
        [IdentityType.LegalRepresentative, IdentityType.FinancialOfficer, IdentityType.Administrator, IdentityType.TaxClerk, IdentityType.InvoicePurchaser];

    private static readonly string[] ManagerFunctions = [TaxFunctions.HandlerManagement, TaxFunctions.AssistCodeSettings, TaxFunctions.MyAgencies, TaxFunctions.LoginLogs];

    private readonly ConcurrentDictionary<(IdentityType, bool, string?), Task<TestSession>> callers = new();
    private readonly Dictionary<string, TestPerson> persons = [];
    private ApiHost? host;
    private TestEnterprise own = null!;
    private TestEnterprise other = null!;
    private string ownInvitation = null!;
    private string otherInvitation = null!;
    private string ownApplication = null!;
    private string otherApplication = null!;
    private string ownHandler = null!;
    private string otherHandler = null!;
    private string ownItem = null!;
    private string otherItem = null!;

    private ApiHost Api => host!;

    public static IReadOnlyList<MatrixCell> Cells(string row)
    {
        var tokens = row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(token => token != "|").ToList();
        var cells = new List<MatrixCell>();
        var index = 0;
        foreach (var other in new[] { false, true })
        {
            foreach (var type in Types)
            {
                foreach (var with in new[] { true, false })
                {
                    cells.Add(new MatrixCell(type, with, other, Status(tokens[index++])));
                }
            }
        }

        cells.Add(new MatrixCell(null, false, false, Status(tokens[index])));
        return cells;
    }

    public async Task InitializeAsync()
    {
        host = await ApiHost.StartAsync();
        own = await Api.EnterpriseWithManagerAsync();
        other = await Api.EnterpriseWithManagerAsync();
        ownInvitation = await Api.InviteAsync(own.Manager, await Api.RegisterAsync());
        otherInvitation = await Api.InviteAsync(other.Manager, await Api.RegisterAsync());
        ownApplication = await Api.ApplyAsync(await Api.PersonalLoginAsync(await Api.RegisterAsync()), own.CreditCode);
        otherApplication = await Api.ApplyAsync(await Api.PersonalLoginAsync(await Api.RegisterAsync()), other.CreditCode);
        ownHandler = await StoredHandlerAsync(own);
        otherHandler = await StoredHandlerAsync(other);
        ownItem = await InspectionItemAsync(own);
        otherItem = await InspectionItemAsync(other);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    public async Task<HttpResponseMessage> SendAsync(string endpoint, MatrixCell cell)
    {
        var allowed = cell.Expected is >= 200 and < 300;
        var parts = endpoint.Split(' ', 2);
        var method = new HttpMethod(parts[0]);
        var route = parts[1];
        var required = RequiredFunction(method, route);
        var session = cell.Anonymous ? null : await callers.GetOrAdd((cell.Type!.Value, cell.WithFunctions, required), key => NewCallerAsync(key.Item1, key.Item2, key.Item3));
        switch (endpoint)
        {
            case "POST /api/me/authorizations/{invitationId}/confirm" or "POST /api/me/authorizations/{invitationId}/reject":
                if (allowed)
                {
                    session = await NewCallerAsync(cell.Type!.Value, cell.WithFunctions, required);
                    var invitation = await Api.InviteAsync(other.Manager, persons[session.AccessToken]);
                    return await Api.SendAsync(session, method, route.Replace("{invitationId}", invitation, StringComparison.Ordinal));
                }

                return await Api.SendAsync(session, method, route.Replace("{invitationId}", otherInvitation, StringComparison.Ordinal));

            case "POST /api/me/applications":
                return await Api.SendAsync(session, method, route, new { creditCode = other.CreditCode, identityType = "taxClerk", functions = new[] { "queries" } });

            case "POST /api/me/applications/{applicationId}/withdraw":
                if (allowed)
                {
                    session = await NewCallerAsync(cell.Type!.Value, cell.WithFunctions, required);
                    var application = await Api.ApplyAsync(session, other.CreditCode);
                    return await Api.SendAsync(session, method, route.Replace("{applicationId}", application, StringComparison.Ordinal));
                }

                return await Api.SendAsync(session, method, route.Replace("{applicationId}", otherApplication, StringComparison.Ordinal));

            case "POST /api/enterprise/invitations/preview":
                return await Api.SendAsync(session, method, route, DelegationKit.InvitationBody(Api, await Api.RegisterAsync(), riskAcknowledged: null));

            case "POST /api/enterprise/invitations":
                return await Api.SendAsync(session, method, route, DelegationKit.InvitationBody(Api, await Api.RegisterAsync()));

            case "GET /api/enterprise/invitations/{invitationId}":
                return await Api.SendAsync(session, method, route.Replace("{invitationId}", cell.Other ? otherInvitation : ownInvitation, StringComparison.Ordinal));

            case "POST /api/enterprise/invitations/{invitationId}/withdraw":
                var target = cell.Other ? otherInvitation : allowed ? await Api.InviteAsync(own.Manager, await Api.RegisterAsync()) : ownInvitation;
                return await Api.SendAsync(session, method, route.Replace("{invitationId}", target, StringComparison.Ordinal));

            case "POST /api/enterprise/applications/{applicationId}/approve" or "POST /api/enterprise/applications/{applicationId}/reject":
                var applicationId = cell.Other ? otherApplication
                    : allowed ? await Api.ApplyAsync(await Api.PersonalLoginAsync(await Api.RegisterAsync()), own.CreditCode)
                    : ownApplication;
                object body = route.EndsWith("approve", StringComparison.Ordinal) ? new { functions = new[] { "queries" }, validUntil = Api.InDays(30) } : new { reason = "matrix" };
                return await Api.SendAsync(session, method, route.Replace("{applicationId}", applicationId, StringComparison.Ordinal), body);

            case "GET /api/enterprise/handlers/{handlerId}" or "PATCH /api/enterprise/handlers/{handlerId}" or "PUT /api/enterprise/handlers/{handlerId}/assist-code":
                var handler = cell.Other ? otherHandler : ownHandler;
                object? handlerBody = method == HttpMethod.Get ? null
                    : method == HttpMethod.Patch ? new { functions = new[] { "queries", "invoiceUse" } }
                    : new { enabled = true, functions = new[] { "queries" } };
                return await Api.SendAsync(session, method, route.Replace("{handlerId}", handler, StringComparison.Ordinal), handlerBody);

            case "DELETE /api/enterprise/handlers/{handlerId}":
                var deleted = cell.Other ? otherHandler : allowed ? await StoredHandlerAsync(own) : ownHandler;
                return await Api.SendAsync(session, method, route.Replace("{handlerId}", deleted, StringComparison.Ordinal));

            case "POST /api/enterprise/reveal":
                return await Api.SendAsync(session, method, route, new { field = "name" });

            case "POST /api/auth/switch":
                // Switching moves the session into the item: an allowed cell does it with a caller of its own.
                var switching = allowed ? await NewCallerAsync(cell.Type!.Value, cell.WithFunctions, required) : session;
                return await Api.SendAsync(switching, method, route, new { kind = "crossRegionInspection", itemId = cell.Other ? otherItem : ownItem });

            default:
                Assert.DoesNotContain("{", route, StringComparison.Ordinal);
                return await Api.SendAsync(session, method, route);
        }
    }

    private static int? Status(string token) => token == "-" ? null : int.Parse(token, CultureInfo.InvariantCulture);

    /// <summary>The function the endpoint's HTTP function declares (D10), from the function catalogue: the one declaration.</summary>
    private static string? RequiredFunction(HttpMethod method, string route)
    {
        var path = route.Split('?')[0];
        return HttpFunctionCatalog.All.Single(function => function.Methods.Contains(method.Method) && "/api/" + function.Route == path).RequiredFunction;
    }

    /// <summary>
    /// A person holding the identity type in enterprise A (written straight to storage, so any function set can be forced),
    /// signed in to it: with <paramref name="required"/> alone of the manager functions, or all the others but it.
    /// </summary>
    private async Task<TestSession> NewCallerAsync(IdentityType type, bool withFunctions, string? required)
    {
        var person = await Api.RegisterAsync();
        var functions = TaxFunctions.DefaultsFor(type).Where(code => !ManagerFunctions.Contains(code)).ToList();
        functions.AddRange(required is null
            ? withFunctions ? ManagerFunctions : []
            : withFunctions ? [required] : ManagerFunctions.Where(code => code != required));

        await Api.Service<IdentityStore>().EnsureAsync(own.EnterpriseId, person.PersonId, type, functions, validUntil: null, default);
        var session = await Api.EnterpriseLoginAsync(person, own.CreditCode, TaxIdentity.Core.Common.Json.EnumText.ToText(type));
        persons[session.AccessToken] = person;
        return session;
    }

    /// <summary>A cross-region inspection item of the enterprise; returns its item ID.</summary>
    private async Task<string> InspectionItemAsync(TestEnterprise enterprise)
    {
        var itemId = "BY-" + Guid.NewGuid().ToString("N")[..16];
        await (await Api.Operator.PutJsonAsync($"/api/operator/cross-region/items/{itemId}", new
        {
            kind = "inspection",
            creditCode = enterprise.CreditCode,
            province = "四川省",
            city = "成都市",
            district = "武侯区",
            taxAuthority = "国家税务总局成都市武侯区税务局",
            managementNumber = "510107202600001",
        })).AssertOkAsync();
        return itemId;
    }

    /// <summary>A tax clerk of the enterprise, granted in storage; returns the handler ID.</summary>
    private async Task<string> StoredHandlerAsync(TestEnterprise enterprise)
    {
        var person = await Api.RegisterAsync();
        await Api.GrantAsync(enterprise.EnterpriseId, person.PersonId, IdentityType.TaxClerk);
        return DelegationKit.HandlerId("taxClerk", person.PersonId);
    }
}
