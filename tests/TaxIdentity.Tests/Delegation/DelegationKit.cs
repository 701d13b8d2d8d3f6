using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Delegation;

/// <summary>An enterprise provisioned through the operator API, with its legal representative signed in.</summary>
public sealed record TestEnterprise(string CreditCode, string EnterpriseId, TestPerson LegalRepresentative, TestSession Manager);

/// <summary>Invitations, applications, handlers and history through HTTP, for the delegation tests (D, E).</summary>
public static class DelegationKit
{
    public const string TaxClerk = "taxClerk";

    /// <summary>A fresh enterprise whose legal representative (a registered person) is signed in to it.</summary>
    public static async Task<TestEnterprise> EnterpriseWithManagerAsync(this ApiHost api)
    {
        var legalRepresentative = await api.RegisterAsync();
        var (code, enterpriseId) = await api.EnterpriseOfAsync(legalRepresentative);
        var session = await api.EnterpriseLoginAsync(legalRepresentative, code);
        return new TestEnterprise(code, enterpriseId, legalRepresentative, session);
    }

    /// <summary>A date the bureau's calendar reaches in <paramref name="days"/> days, as yyyy-MM-dd.</summary>
    public static string InDays(this ApiHost api, int days) =>
        api.BureauToday().AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static Dictionary<string, object?> InvitationBody(
        ApiHost api, TestPerson person, string identityType = TaxClerk, string[]? functions = null, string? validUntil = null, bool? riskAcknowledged = true) => new()
        {
            ["name"] = person.Name,
            ["idType"] = "residentIdCard",
            ["idNumber"] = person.IdNumber,
            ["identityType"] = identityType,
            ["functions"] = functions ?? ["declarationPayment", "invoiceUse", "queries"],
            ["validUntil"] = validUntil ?? api.InDays(365),
            ["riskAcknowledged"] = riskAcknowledged,
        };

    public static async Task<HttpResponseMessage> SendAsync(this ApiHost api, TestSession? session, HttpMethod method, string route, object? body = null)
    {
        using var request = new HttpRequestMessage(method, route);
        if (session is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session.AccessToken);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await api.Client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetAsync(this ApiHost api, TestSession? session, string route) => api.SendAsync(session, HttpMethod.Get, route);

    public static Task<HttpResponseMessage> PostAsync(this ApiHost api, TestSession? session, string route, object? body = null) =>
        api.SendAsync(session, HttpMethod.Post, route, body);

    /// <summary>Invites the person through the manager's session; returns the invitation ID.</summary>
    public static async Task<string> InviteAsync(
        this ApiHost api, TestSession manager, TestPerson person, string identityType = TaxClerk, string[]? functions = null, string? validUntil = null)
    {
        var created = await (await api.PostAsync(manager, "/api/enterprise/invitations", InvitationBody(api, person, identityType, functions, validUntil)))
            .AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal("pending", created.GetProperty("status").GetString());
        return created.GetProperty("invitationId").GetString()!;
    }

    /// <summary>Invites a freshly registered person and has them confirm; returns the person.</summary>
    public static async Task<TestPerson> AddHandlerAsync(
        this ApiHost api, TestEnterprise enterprise, string identityType = TaxClerk, string[]? functions = null, string? validUntil = null)
    {
        var person = await api.RegisterAsync();
        var invitationId = await api.InviteAsync(enterprise.Manager, person, identityType, functions, validUntil);
        var session = await api.PersonalLoginAsync(person);
        await (await api.PostAsync(session, $"/api/me/authorizations/{invitationId}/confirm")).AssertOkAsync(HttpStatusCode.NoContent);
        return person;
    }

    /// <summary>An administrator added by the legal representative with the functions (and validity end) given, signed in as administrator.</summary>
    public static async Task<(TestPerson Person, TestSession Session)> AdministratorAsync(
        this ApiHost api, TestEnterprise enterprise, string[] functions, string? validUntil = null)
    {
        var admin = await api.AddHandlerAsync(enterprise, "administrator", functions, validUntil);
        return (admin, await api.EnterpriseLoginAsync(admin, enterprise.CreditCode, "administrator"));
    }

    /// <summary>Applies, as the signed-in person, to act for the enterprise; returns the application ID.</summary>
    public static async Task<string> ApplyAsync(this ApiHost api, TestSession applicant, string creditCode, string identityType = TaxClerk, string[]? functions = null, string? reason = "入职办税")
    {
        var created = await (await api.PostAsync(applicant, "/api/me/applications", new
        {
            creditCode,
            identityType,
            functions = functions ?? new[] { "declarationPayment", "queries" },
            reason,
        })).AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal("pending", created.GetProperty("status").GetString());
        return created.GetProperty("applicationId").GetString()!;
    }

    public static string HandlerId(string identityType, string personId) => identityType + "-" + personId;

    /// <summary>GETs a list, asserting 200.</summary>
    public static async Task<JsonElement[]> ListAsync(this ApiHost api, TestSession session, string route) =>
        [.. (await (await api.GetAsync(session, route)).AssertOkAsync()).EnumerateArray()];

    /// <summary>GETs one resource, asserting 200.</summary>
    public static async Task<JsonElement> ReadAsync(this ApiHost api, TestSession session, string route) =>
        await (await api.GetAsync(session, route)).AssertOkAsync();

    /// <summary>The items of a list whose property <paramref name="property"/> equals <paramref name="value"/>.</summary>
    public static IReadOnlyList<JsonElement> WithProperty(this IEnumerable<JsonElement> list, string property, string value) =>
        [.. list.Where(item => item.TryGetProperty(property, out var found) && found.GetString() == value)];

    /// <summary>The enterprise's history records.</summary>
    public static Task<JsonElement[]> HistoryAsync(this ApiHost api, TestSession manager, string query = "") =>
        api.ListAsync(manager, "/api/enterprise/history" + query);

    /// <summary>Waits (polling the API, not sleeping for a fixed time) until the condition holds, for workflows driven by durable timers.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The condition did not hold within {seconds} s; last value: {value}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The person's copies of their identities in the enterprise are exactly the enterprise's rows (the truth) of that
    /// person: same identity types, functions, validity and version; none on one side only.
    /// </summary>
    public static async Task AssertSidesAgreeAsync(this ApiHost api, string enterpriseId, string personId)
    {
        var identities = api.Service<TaxIdentity.Core.Identities.IdentityStore>();
        static string Describe(TaxIdentity.Core.Identities.IdentityEntity row) => $"{row.IdentityType} [{row.Functions}] until {row.ValidUntil} v{row.Version}";
        var copies = (await identities.ListForPersonAsync(personId, default)).Where(row => row.EnterpriseId == enterpriseId).Select(Describe).Order();
        var truth = (await identities.ListForEnterpriseAsync(enterpriseId, null, default)).Where(row => row.PersonId == personId).Select(Describe).Order();
        Assert.Equal(truth, copies);
    }

    /// <summary>Ends and purges a request's workflow instance, as a crash or a purged task hub would leave it.</summary>
    public static async Task DropWorkflowAsync(this ApiHost api, string requestId)
    {
        var durable = api.Service<Microsoft.DurableTask.Client.DurableTaskClient>();
        await durable.TerminateInstanceAsync(requestId);
        await durable.WaitForInstanceCompletionAsync(requestId);
        await durable.PurgeInstanceAsync(requestId);
    }

    public static T Service<T>(this ApiHost api)
        where T : notnull => api.Services.GetRequiredService<T>();
}
