using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TaxIdentity.Tests.Infrastructure;

/// <summary>Tokens of a signed-in session.</summary>
public sealed record TestSession(string AccessToken, string RefreshToken, JsonElement Body);

/// <summary>
/// The shared API flows (<see cref="ApiKit"/>, also used by the benchmark) on a test host, plus what only
/// tests need: sessions, clients with tokens.
/// </summary>
public static class Accounts
{
    public const string Password = ApiKit.Password;

    /// <summary>The newest code the development SMS provider sent to the phone.</summary>
    public static Task<string> LatestCodeAsync(this ApiHost api, string phone) => api.Kit.LatestCodeAsync(phone);

    /// <summary>Asks for an SMS code (with a solved captcha when anonymous); returns the verification ID (the code is in the inbox).</summary>
    public static Task<string> SendCodeAsync(this ApiHost api, object body, string? accessToken = null) => api.Kit.SendCodeAsync(body, accessToken);

    /// <summary>Registers a person, proving the ID with a registration code the tax office issues for it (A1, J2).</summary>
    public static Task<TestPerson> RegisterAsync(this ApiHost api, string? name = null, string? idNumber = null, string? phone = null, string? username = null) =>
        api.Kit.RegisterAsync(name, idNumber, phone, username);

    /// <summary>POST /api/operator/persons/{idType}/{idNumber}/registration-code without asserting the answer.</summary>
    public static Task<HttpResponseMessage> IssueRegistrationCodeAsync(this ApiHost api, string idNumber, string idType = "residentIdCard") =>
        api.Operator.PostAsync($"/api/operator/persons/{idType}/{idNumber}/registration-code", null);

    /// <summary>A registration code the tax office issued for the ID.</summary>
    public static Task<string> RegistrationCodeAsync(this ApiHost api, string idNumber, string idType = "residentIdCard") =>
        api.Kit.RegistrationCodeAsync(idNumber, idType);

    /// <summary>A fresh captcha, solved as the login page would.</summary>
    public static Task<object> CaptchaAsync(this ApiHost api) => api.Kit.CaptchaAsync();

    /// <summary>The body of an SMS request as the page sends it (a solved captcha when anonymous).</summary>
    public static Task<JsonObject> SmsBodyAsync(this ApiHost api, object body, string? accessToken = null) =>
        api.Kit.SmsBodyAsync(body, accessToken is not null);

    /// <summary>Posts a password login with a solved captcha; <paramref name="fields"/> are the other body fields.</summary>
    public static Task<HttpResponseMessage> LoginAsync(this ApiHost api, IDictionary<string, object?> fields) => api.Kit.LoginAsync(fields);

    public static async Task<TestSession> PersonalLoginAsync(this ApiHost api, TestPerson person, string? password = null)
    {
        var response = await api.LoginAsync(new Dictionary<string, object?> { ["mode"] = "personal", ["account"] = person.Phone, ["password"] = password ?? person.Password });
        return ToSession(await response.AssertOkAsync());
    }

    /// <summary>The mobile app's own sign-in (A7): a personal password login whose request carries X-App-Key, so it is an app session.</summary>
    public static async Task<TestSession> AppLoginAsync(this ApiHost api, TestPerson person)
    {
        using var app = api.NewClient();
        app.DefaultRequestHeaders.Add("X-App-Key", ApiHost.AppKey);
        var response = await app.PostAsJsonAsync("/api/auth/login", new Dictionary<string, object?>
        {
            ["mode"] = "personal",
            ["account"] = person.Phone,
            ["password"] = person.Password,
            ["captcha"] = await api.CaptchaAsync(),
        });
        return ToSession(await response.AssertOkAsync());
    }

    public static async Task<TestSession> EnterpriseLoginAsync(this ApiHost api, TestPerson person, string creditCode, string? identityType = null)
    {
        var response = await api.LoginAsync(new Dictionary<string, object?>
        {
            ["mode"] = "enterprise",
            ["creditCode"] = creditCode,
            ["account"] = person.IdNumber,
            ["password"] = person.Password,
            ["identityType"] = identityType,
        });
        return ToSession(await response.AssertOkAsync());
    }

    /// <summary>Provisions an enterprise whose legal representative (and financial officer) are the given persons.</summary>
    public static Task<(string CreditCode, string EnterpriseId)> EnterpriseOfAsync(
        this ApiHost api, TestPerson legalRepresentative, TestPerson? financialOfficer = null, string kind = "ordinary") =>
        api.Kit.EnterpriseOfAsync(legalRepresentative, financialOfficer, kind);

    public static HttpClient WithToken(this ApiHost api, string accessToken)
    {
        var client = api.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>A client for the mobile app: the person's token and the app key.</summary>
    public static HttpClient AppClient(this ApiHost api, string accessToken)
    {
        var client = api.WithToken(accessToken);
        client.DefaultRequestHeaders.Add("X-App-Key", ApiHost.AppKey);
        return client;
    }

    public static TestSession ToSession(JsonElement body) =>
        new(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!, body);
}
