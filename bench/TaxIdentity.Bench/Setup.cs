using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Bench;

/// <summary>A person registered through the API.</summary>
public sealed record BenchPerson(string PersonId, string Name, string IdNumber, string Phone);

/// <summary>An enterprise provisioned through the operator API, with its legal representative.</summary>
public sealed record BenchEnterprise(string CreditCode, string EnterpriseId, BenchPerson LegalRepresentative);

/// <summary>Creates the accounts the load logs into, through HTTP, as a user and the tax office would.</summary>
public static partial class Setup
{
    public const string Password = "Tz9#kLm2qRw!";

    private const string CreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public static async Task<IReadOnlyList<BenchPerson>> RegisterAsync(HttpClient client, int count, CancellationToken cancellationToken)
    {
        var phones = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var persons = new List<BenchPerson>(count);
        while (persons.Count < count)
        {
            var phone = Phone();
            var idNumber = ResidentId();
            if (phones.Add(phone) && ids.Add(idNumber))
            {
                persons.Add(await RegisterOneAsync(client, "基准" + Guid.NewGuid().ToString("N")[..4], idNumber, phone, cancellationToken));
            }
        }

        return persons;
    }

    public static async Task<BenchEnterprise> ProvisionEnterpriseAsync(HttpClient client, BenchPerson legalRepresentative, CancellationToken cancellationToken)
    {
        var creditCode = CreditCode();
        var body = new Dictionary<string, object?>
        {
            ["name"] = "基准测试商贸有限公司",
            ["kind"] = "ordinary",
            ["taxAuthority"] = "国家税务总局拉萨市城关区税务局",
            ["realNameVerified"] = true,
            ["legalRepresentative"] = new { name = legalRepresentative.Name, idType = "residentIdCard", idNumber = legalRepresentative.IdNumber },
            ["financialOfficer"] = new { name = "卓玛", idType = "residentIdCard", idNumber = ResidentId(), phone = Phone() },
            ["specificSubjectTypes"] = new[] { "crossRegionInspection" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/operator/enterprises/{creditCode}", UriKind.Relative))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Add("X-Operator-Key", BenchHost.OperatorKey);
        using var response = await client.SendAsync(request, cancellationToken);
        var created = await OkAsync(response, HttpStatusCode.OK, "PUT /api/operator/enterprises", cancellationToken);
        return new BenchEnterprise(creditCode, created.GetProperty("enterpriseId").GetString()!, legalRepresentative);
    }

    /// <summary>Registers as a person who got a registration code at the tax hall (A1, J2): the code proves the ID is theirs.</summary>
    private static async Task<BenchPerson> RegisterOneAsync(HttpClient client, string name, string idNumber, string phone, CancellationToken cancellationToken)
    {
        using var issue = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/operator/persons/residentIdCard/{idNumber}/registration-code", UriKind.Relative));
        issue.Headers.Add("X-Operator-Key", BenchHost.OperatorKey);
        using var issued = await client.SendAsync(issue, cancellationToken);
        var registrationCode = (await OkAsync(issued, HttpStatusCode.Created, "POST /api/operator/persons/.../registration-code", cancellationToken))
            .GetProperty("registrationCode").GetString();

        using var sent = await client.PostAsJsonAsync("/api/verifications/sms", new { purpose = "register", phone, captcha = await CaptchaAsync(client, cancellationToken) }, cancellationToken);
        var verificationId = (await OkAsync(sent, HttpStatusCode.Accepted, "POST /api/verifications/sms", cancellationToken)).GetProperty("verificationId").GetString();

        using var inbox = await client.GetAsync(new Uri($"/api/dev/sms?phone={Uri.EscapeDataString(phone)}", UriKind.Relative), cancellationToken);
        var message = (await OkAsync(inbox, HttpStatusCode.OK, "GET /api/dev/sms", cancellationToken)).EnumerateArray().First().GetProperty("message").GetString()!;
        var code = SixDigits().Match(message).Value;

        using var created = await client.PostAsJsonAsync("/api/persons", new
        {
            name,
            idType = "residentIdCard",
            idNumber,
            phone,
            verification = new { verificationId, code },
            identityProof = new { registrationCode },
            password = Password,
        }, cancellationToken);
        var person = await OkAsync(created, HttpStatusCode.Created, "POST /api/persons", cancellationToken);
        return new BenchPerson(person.GetProperty("personId").GetString()!, name, idNumber, phone);
    }

    /// <summary>A fresh captcha, solved as the page would: anonymous SMS requests need one.</summary>
    private static async Task<object> CaptchaAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var issued = await client.PostAsync(new Uri("/api/captcha", UriKind.Relative), null, cancellationToken);
        var captcha = await OkAsync(issued, HttpStatusCode.Created, "POST /api/captcha", cancellationToken);
        var challenge = captcha.GetProperty("challenge");
        var answer = CaptchaService.Solve(challenge.GetProperty("salt").GetString()!, challenge.GetProperty("difficulty").GetInt32());
        return new { captchaId = captcha.GetProperty("captchaId").GetString(), answer };
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string CreditCode()
    {
        var organization = string.Concat(Enumerable.Range(0, 9).Select(_ => CreditCodeAlphabet[RandomNumberGenerator.GetInt32(CreditCodeAlphabet.Length)]));
        return TaxpayerId.WithCheckCharacter("91540100" + organization);
    }

    private static string ResidentId()
    {
        var birth = new DateOnly(1960, 1, 1).AddDays(RandomNumberGenerator.GetInt32(365 * 40));
        var sequence = RandomNumberGenerator.GetInt32(1000).ToString("D3", CultureInfo.InvariantCulture);
        return IdDocument.WithCheckCharacter("540102" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence);
    }

    private static string Phone() => "139" + RandomNumberGenerator.GetInt32(100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();
}
