using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Tests.Infrastructure;

/// <summary>A person registered through the API, with what they signed up with.</summary>
public sealed record TestPerson(string PersonId, string Name, string IdNumber, string Phone, string? Username, string Password);

/// <summary>Tokens of a signed-in session.</summary>
public sealed record TestSession(string AccessToken, string RefreshToken, JsonElement Body);

/// <summary>Drives registration, SMS codes (read from the development inbox), captchas and logins through HTTP.</summary>
public static partial class Accounts
{
    public const string Password = "Tz9#kLm2qRw!";

    /// <summary>The newest code the development SMS provider sent to the phone.</summary>
    public static async Task<string> LatestCodeAsync(this ApiHost api, string phone)
    {
        var inbox = await (await api.Client.GetAsync($"/api/dev/sms?phone={Uri.EscapeDataString(phone)}")).AssertOkAsync();
        var message = inbox.EnumerateArray().First().GetProperty("message").GetString()!;
        return SixDigits().Match(message).Value;
    }

    /// <summary>Asks for an SMS code (with a solved captcha when anonymous); returns the verification ID (the code is in the inbox).</summary>
    public static async Task<string> SendCodeAsync(this ApiHost api, object body, string? accessToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verifications/sms") { Content = JsonContent.Create(await api.SmsBodyAsync(body, accessToken)) };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        var sent = await (await api.Client.SendAsync(request)).AssertOkAsync(System.Net.HttpStatusCode.Accepted);
        return sent.GetProperty("verificationId").GetString()!;
    }

    /// <summary>Registers a person, proving the ID with a registration code the tax office issues for it (A1, J2).</summary>
    public static async Task<TestPerson> RegisterAsync(this ApiHost api, string? name = null, string? idNumber = null, string? phone = null, string? username = null)
    {
        name ??= "测试" + Guid.NewGuid().ToString("N")[..4];
        idNumber ??= TestData.ResidentId();
        phone ??= TestData.Phone();
        var registrationCode = await api.RegistrationCodeAsync(idNumber);
        var verificationId = await api.SendCodeAsync(new { purpose = "register", phone });
        var code = await api.LatestCodeAsync(phone);
        var created = await (await api.Client.PostAsJsonAsync("/api/persons", new
        {
            name,
            idType = "residentIdCard",
            idNumber,
            phone,
            verification = new { verificationId, code },
            identityProof = new { registrationCode },
            password = Password,
            username,
        })).AssertOkAsync(System.Net.HttpStatusCode.Created);
        return new TestPerson(created.GetProperty("personId").GetString()!, name, idNumber, phone, username, Password);
    }

    /// <summary>POST /api/operator/persons/{idType}/{idNumber}/registration-code without asserting the answer.</summary>
    public static Task<HttpResponseMessage> IssueRegistrationCodeAsync(this ApiHost api, string idNumber, string idType = "residentIdCard") =>
        api.Operator.PostAsync($"/api/operator/persons/{idType}/{idNumber}/registration-code", null);

    /// <summary>A registration code the tax office issued for the ID.</summary>
    public static async Task<string> RegistrationCodeAsync(this ApiHost api, string idNumber, string idType = "residentIdCard") =>
        (await (await api.IssueRegistrationCodeAsync(idNumber, idType)).AssertOkAsync(System.Net.HttpStatusCode.Created)).GetProperty("registrationCode").GetString()!;

    /// <summary>A fresh captcha, solved as the login page would.</summary>
    public static async Task<object> CaptchaAsync(this ApiHost api)
    {
        var captcha = await (await api.Client.PostAsync("/api/captcha", null)).AssertOkAsync(System.Net.HttpStatusCode.Created);
        var challenge = captcha.GetProperty("challenge");
        var answer = CaptchaService.Solve(challenge.GetProperty("salt").GetString()!, challenge.GetProperty("difficulty").GetInt32());
        return new { captchaId = captcha.GetProperty("captchaId").GetString(), answer };
    }

    /// <summary>
    /// The body of an SMS request as the page sends it: an anonymous request (no access token) carries a freshly
    /// solved captcha unless the body already names one.
    /// </summary>
    public static async Task<JsonObject> SmsBodyAsync(this ApiHost api, object body, string? accessToken = null)
    {
        var json = JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
        if (accessToken is null && !json.ContainsKey("captcha"))
        {
            json["captcha"] = JsonSerializer.SerializeToNode(await api.CaptchaAsync(), JsonSerializerOptions.Web);
        }

        return json;
    }

    /// <summary>Posts a password login with a solved captcha; <paramref name="fields"/> are the other body fields.</summary>
    public static async Task<HttpResponseMessage> LoginAsync(this ApiHost api, IDictionary<string, object?> fields)
    {
        var body = new Dictionary<string, object?>(fields) { ["captcha"] = await api.CaptchaAsync() };
        return await api.Client.PostAsJsonAsync("/api/auth/login", body);
    }

    public static async Task<TestSession> PersonalLoginAsync(this ApiHost api, TestPerson person, string? password = null)
    {
        var response = await api.LoginAsync(new Dictionary<string, object?> { ["mode"] = "personal", ["account"] = person.Phone, ["password"] = password ?? person.Password });
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
    public static async Task<(string CreditCode, string EnterpriseId)> EnterpriseOfAsync(
        this ApiHost api, TestPerson legalRepresentative, TestPerson? financialOfficer = null, string kind = "ordinary")
    {
        var code = TestData.CreditCode();
        var body = TestData.Enterprise(
            new { name = legalRepresentative.Name, idType = "residentIdCard", idNumber = legalRepresentative.IdNumber },
            financialOfficer is null ? null : new { name = financialOfficer.Name, idType = "residentIdCard", idNumber = financialOfficer.IdNumber });
        body["kind"] = kind;
        var created = await (await api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", body)).AssertOkAsync();
        return (code, created.GetProperty("enterpriseId").GetString()!);
    }

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

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();
}
