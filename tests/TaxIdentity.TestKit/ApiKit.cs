using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.TestKit;

/// <summary>A person registered through the API, with what they signed up with.</summary>
public sealed record TestPerson(string PersonId, string Name, string IdNumber, string Phone, string? Username, string Password);

/// <summary>An answer other than the one a flow expected; its message carries the status and the body.</summary>
public sealed class UnexpectedAnswerException(string message) : Exception(message);

/// <summary>
/// The flows a person and the tax office go through, over HTTP against a running API: what tests and the
/// benchmark share. <paramref name="client"/> is anonymous; <paramref name="operatorClient"/> sends X-Operator-Key.
/// </summary>
public sealed partial class ApiKit(HttpClient client, HttpClient operatorClient)
{
    public const string Password = "Tz9#kLm2qRw!";

    /// <summary>Reads a JSON answer, or throws when the status is not <paramref name="expected"/>.</summary>
    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken = default)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != expected)
        {
            throw new UnexpectedAnswerException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        }

        if (text.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>A fresh captcha, solved as the login page would.</summary>
    public async Task<object> CaptchaAsync(CancellationToken cancellationToken = default)
    {
        using var issued = await client.PostAsync(new Uri("/api/captcha", UriKind.Relative), null, cancellationToken);
        var captcha = await ExpectAsync(issued, HttpStatusCode.Created, cancellationToken);
        var challenge = captcha.GetProperty("challenge");
        var answer = CaptchaService.Solve(challenge.GetProperty("salt").GetString()!, challenge.GetProperty("difficulty").GetInt32());
        return new { captchaId = captcha.GetProperty("captchaId").GetString(), answer };
    }

    /// <summary>The body of an SMS request as the page sends it: an anonymous one carries a solved captcha unless it names one.</summary>
    public async Task<JsonObject> SmsBodyAsync(object body, bool signedIn, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
        if (!signedIn && !json.ContainsKey("captcha"))
        {
            json["captcha"] = JsonSerializer.SerializeToNode(await CaptchaAsync(cancellationToken), JsonSerializerOptions.Web);
        }

        return json;
    }

    /// <summary>Asks for an SMS code; returns the verification ID (the code is in the development inbox).</summary>
    public async Task<string> SendCodeAsync(object body, string? accessToken = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/verifications/sms", UriKind.Relative))
        {
            Content = JsonContent.Create(await SmsBodyAsync(body, accessToken is not null, cancellationToken)),
        };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        using var response = await client.SendAsync(request, cancellationToken);
        return (await ExpectAsync(response, HttpStatusCode.Accepted, cancellationToken)).GetProperty("verificationId").GetString()!;
    }

    /// <summary>The newest message the development SMS provider sent to the phone.</summary>
    public async Task<string> LatestMessageAsync(string phone, CancellationToken cancellationToken = default)
    {
        using var response = await client.GetAsync(new Uri($"/api/dev/sms?phone={Uri.EscapeDataString(phone)}", UriKind.Relative), cancellationToken);
        return (await ExpectAsync(response, HttpStatusCode.OK, cancellationToken)).EnumerateArray().First().GetProperty("message").GetString()!;
    }

    /// <summary>The newest code the development SMS provider sent to the phone.</summary>
    public async Task<string> LatestCodeAsync(string phone, CancellationToken cancellationToken = default) =>
        SixDigits().Match(await LatestMessageAsync(phone, cancellationToken)).Value;

    /// <summary>A registration code the tax office issued for the ID (J2).</summary>
    public async Task<string> RegistrationCodeAsync(string idNumber, string idType = "residentIdCard", CancellationToken cancellationToken = default)
    {
        using var response = await operatorClient.PostAsync(new Uri($"/api/operator/persons/{idType}/{idNumber}/registration-code", UriKind.Relative), null, cancellationToken);
        return (await ExpectAsync(response, HttpStatusCode.Created, cancellationToken)).GetProperty("registrationCode").GetString()!;
    }

    /// <summary>Registers a person, proving the ID with a registration code the tax office issues for it (A1, J2).</summary>
    public async Task<TestPerson> RegisterAsync(
        string? name = null, string? idNumber = null, string? phone = null, string? username = null, CancellationToken cancellationToken = default)
    {
        name ??= "测试" + Guid.NewGuid().ToString("N")[..4];
        idNumber ??= TestData.ResidentId();
        phone ??= TestData.Phone();
        var registrationCode = await RegistrationCodeAsync(idNumber, cancellationToken: cancellationToken);
        var verificationId = await SendCodeAsync(new { purpose = "register", phone }, cancellationToken: cancellationToken);
        var code = await LatestCodeAsync(phone, cancellationToken);
        using var response = await client.PostAsJsonAsync("/api/persons", new
        {
            name,
            idType = "residentIdCard",
            idNumber,
            phone,
            verification = new { verificationId, code },
            identityProof = new { registrationCode },
            password = Password,
            username,
        }, cancellationToken);
        var created = await ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
        return new TestPerson(created.GetProperty("personId").GetString()!, name, idNumber, phone, username, Password);
    }

    /// <summary>Provisions an enterprise (J1) from a body like <see cref="TestData.Enterprise"/>; returns its credit code and ID.</summary>
    public async Task<(string CreditCode, string EnterpriseId)> ProvisionAsync(Dictionary<string, object?> body, CancellationToken cancellationToken = default)
    {
        var code = TestData.CreditCode();
        using var response = await operatorClient.PutAsJsonAsync($"/api/operator/enterprises/{code}", body, cancellationToken);
        return (code, (await ExpectAsync(response, HttpStatusCode.OK, cancellationToken)).GetProperty("enterpriseId").GetString()!);
    }

    /// <summary>Provisions an enterprise whose legal representative (and financial officer) are the given persons.</summary>
    public Task<(string CreditCode, string EnterpriseId)> EnterpriseOfAsync(
        TestPerson legalRepresentative, TestPerson? financialOfficer = null, string kind = "ordinary", CancellationToken cancellationToken = default)
    {
        var body = TestData.Enterprise(
            new { name = legalRepresentative.Name, idType = "residentIdCard", idNumber = legalRepresentative.IdNumber },
            financialOfficer is null ? null : new { name = financialOfficer.Name, idType = "residentIdCard", idNumber = financialOfficer.IdNumber });
        body["kind"] = kind;
        return ProvisionAsync(body, cancellationToken);
    }

    /// <summary>Posts a password login with a solved captcha; <paramref name="fields"/> are the other body fields.</summary>
    public async Task<HttpResponseMessage> LoginAsync(IDictionary<string, object?> fields, CancellationToken cancellationToken = default)
    {
        var body = new Dictionary<string, object?>(fields) { ["captcha"] = await CaptchaAsync(cancellationToken) };
        return await client.PostAsJsonAsync("/api/auth/login", body, cancellationToken);
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();
}
