using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Sessions;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>Helpers shared by the login and session tests: requests from a given client, provisioning variants, stored state.</summary>
public static class SignInKit
{
    public const string WrongPassword = "Wr0ng#Passw0rd!";

    /// <summary>A fake clock starting now, so stored times stay realistic.</summary>
    public static FakeTimeProvider NewClock() => new(DateTimeOffset.UtcNow);

    /// <summary>Posts a password login with a fresh solved captcha, as the client the front end saw at <paramref name="clientIp"/>.</summary>
    public static async Task<HttpResponseMessage> LoginFromAsync(
        this ApiHost api, IDictionary<string, object?> fields, string? clientIp = null, string? userAgent = null)
    {
        var body = new Dictionary<string, object?>(fields) { ["captcha"] = await api.CaptchaAsync() };
        return await api.PostFromAsync("/api/auth/login", body, clientIp, userAgent);
    }

    public static async Task<HttpResponseMessage> PostFromAsync(this ApiHost api, string route, object body, string? clientIp = null, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body) };
        if (clientIp is not null)
        {
            request.Headers.TryAddWithoutValidation(ApiHost.FrontEndAddressHeader, clientIp);
        }

        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return await api.Client.SendAsync(request);
    }

    public static Dictionary<string, object?> EnterpriseFields(string creditCode, string account, string password, string? identityType = null, string mode = "enterprise") => new()
    {
        ["mode"] = mode,
        ["creditCode"] = creditCode,
        ["account"] = account,
        ["password"] = password,
        ["identityType"] = identityType,
    };

    public static Dictionary<string, object?> PersonalFields(string account, string password) => new()
    {
        ["mode"] = "personal",
        ["account"] = account,
        ["password"] = password,
    };

    /// <summary>A password login into the enterprise by the person's phone.</summary>
    public static Task<HttpResponseMessage> EnterprisePasswordAsync(this ApiHost api, TestPerson person, string creditCode, string? password = null, string? clientIp = null) =>
        api.LoginFromAsync(EnterpriseFields(creditCode, person.Phone, password ?? person.Password), clientIp);

    /// <summary>Provisions an enterprise with a chosen kind and specific-subject types.</summary>
    public static async Task<(string CreditCode, string EnterpriseId)> ProvisionAsync(
        this ApiHost api, TestPerson legalRepresentative, TestPerson? financialOfficer = null, string kind = "ordinary", string[]? subjectTypes = null, string? name = null)
    {
        var code = TestData.CreditCode();
        var body = TestData.Enterprise(
            new { name = legalRepresentative.Name, idType = "residentIdCard", idNumber = legalRepresentative.IdNumber },
            financialOfficer is null ? null : new { name = financialOfficer.Name, idType = "residentIdCard", idNumber = financialOfficer.IdNumber });
        body["kind"] = kind;
        body["specificSubjectTypes"] = subjectTypes ?? [];
        if (name is not null)
        {
            body["name"] = name;
        }

        var created = await (await api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", body)).AssertOkAsync();
        return (code, created.GetProperty("enterpriseId").GetString()!);
    }

    /// <summary>Grants an identity directly in storage (as a confirmed invitation would).</summary>
    public static Task GrantAsync(this ApiHost api, string enterpriseId, string personId, IdentityType type, DateOnly? validUntil = null) =>
        api.Services.GetRequiredService<IdentityStore>().EnsureAsync(enterpriseId, personId, type, TaxFunctions.DefaultsFor(type), validUntil, default);

    /// <summary>The bureau's calendar day (China Standard Time), against which validity end dates are read.</summary>
    public static DateOnly BureauToday(this ApiHost api) =>
        DateOnly.FromDateTime(api.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    public static async Task<PersonEntity> StoredPersonAsync(this ApiHost api, string personId) =>
        (await api.Services.GetRequiredService<PersonDirectory>().FindAsync(personId, default))!;

    public static async Task<SessionEntity> StoredSessionAsync(this ApiHost api, TestSession session) =>
        (await api.Services.GetRequiredService<SessionService>().FindAsync(SessionIdOf(session.RefreshToken), default))!;

    /// <summary>Refresh tokens are "{sessionId}.{secret}".</summary>
    public static string SessionIdOf(string refreshToken) => refreshToken.Split('.', 2)[0];

    /// <summary>The login-log rows of one partition, in the table's order (row key ascending).</summary>
    public static async Task<IReadOnlyList<LoginLogEntity>> LoginLogsAsync(this ApiHost api, string partition)
    {
        var table = await api.Services.GetRequiredService<TableStore>().GetTableAsync(TableNames.LoginLogs);
        var rows = new List<LoginLogEntity>();
        await foreach (var row in table.QueryAsync<LoginLogEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static Task<HttpResponseMessage> RefreshAsync(this ApiHost api, string refreshToken) =>
        api.Client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    public static async Task<HttpResponseMessage> GetWithTokenAsync(this ApiHost api, string accessToken, string route)
    {
        using var client = api.WithToken(accessToken);
        return await client.GetAsync(route);
    }

    /// <summary>A problem body without its per-request trace ID, as canonical text, for comparing answers.</summary>
    public static string WithoutTraceId(JsonElement problem) =>
        string.Join('\n', problem.EnumerateObject()
            .Where(property => property.Name != "traceId")
            .OrderBy(property => property.Name, StringComparer.Ordinal)
            .Select(property => property.Name + "=" + property.Value.GetRawText()));

    /// <summary>A six-digit code that is certainly not <paramref name="code"/>.</summary>
    public static string OtherCode(string code) =>
        ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static string Username() => "tz_" + Guid.NewGuid().ToString("N")[..10];
}

/// <summary>One host per test class on a fake clock that the class's tests move (they run one at a time).</summary>
public sealed class ClockedApiFixture : IAsyncLifetime
{
    private ApiHost? host;

    public FakeTimeProvider Clock { get; } = SignInKit.NewClock();

    public ApiHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => host = await ApiHost.StartOnClockAsync(Clock);

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
