using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Platform;

/// <summary>
/// The edges a fuzzing run found (revision of 2026-12-07): time bounds outside the calendar, empty query values
/// where absence would mean "all", "." and ".." as IDs, and an OpenAPI document that types the query parameters and
/// states the conditional rules. None may answer 500.
/// </summary>
public sealed class FuzzEdgeTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Theory]
    [InlineData("from=0001-01-01", "from")]
    [InlineData("to=9999-12-31", "to")]
    [InlineData("from=0001-01-01T00:00:00Z", "from")]
    [InlineData("to=9999-12-31T23:59:59.9999999Z", "to")]
    [InlineData("from=9999-12-31&to=9999-12-31", "from")]
    [InlineData("from=1999-12-31", "from")]
    public async Task TimeRange_OutsideTheCalendar_IsAValidationError_NotAFailure(string query, string field)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();

        foreach (var route in new[] { "/api/me/login-logs", "/api/enterprise/login-logs", "/api/enterprise/reveals" })
        {
            var response = await Api.GetAsync(enterprise.Manager, $"{route}?{query}");

            await response.AssertFieldErrorAsync(field);
        }
    }

    [Theory]
    [InlineData("/api/me/login-logs?loginType=", "loginType")]
    [InlineData("/api/enterprise/login-logs?name=", "name")]
    [InlineData("/api/enterprise/login-logs?name=%20%20", "name")]
    [InlineData("/api/enterprise/login-logs?identityType=", "identityType")]
    [InlineData("/api/enterprise/login-logs?loginType=&name=%E6%89%8E", "loginType")]
    [InlineData("/api/enterprise/reveals?pageSize=", "pageSize")]
    [InlineData("/api/me/login-logs?from=", "from")]
    [InlineData("/api/me/login-logs?continuation=", "continuation")]
    [InlineData("/api/cross-region/inspection-items?province=", "province")]
    [InlineData("/api/cross-region/inspection-items?managementNumber=", "managementNumber")]
    [InlineData("/api/cross-region/tax-sources?taxAuthority=%20", "taxAuthority")]
    public async Task EmptyQueryValue_IsAValidationError_WhereAbsenceWouldMeanAll(string route, string field)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();

        var response = await Api.GetAsync(enterprise.Manager, route);

        await response.AssertFieldErrorAsync(field);
    }

    [Theory]
    [InlineData("GET", "/api/enterprise/invitations/..")]
    [InlineData("GET", "/api/enterprise/invitations/.")]
    [InlineData("GET", "/api/enterprise/handlers/%2E%2E")]
    [InlineData("GET", "/api/enterprise/handlers/%2e")]
    [InlineData("GET", "/api/verifications/..")]
    [InlineData("POST", "/api/me/phones/../default")]
    [InlineData("GET", "/api/catalog/identity-types/../functions")]
    public async Task DotSegments_AsIds_AnswerNotFound(string method, string target)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();

        var (status, body) = await RawAsync(method, target, enterprise.Manager.AccessToken);

        Assert.Equal(404, status);
        Assert.Equal(string.Empty, body);
    }

    [Fact]
    public async Task OpenApi_TypesTheQueryParameters()
    {
        var document = await (await Api.Client.GetAsync("/api/openapi.json")).AssertOkAsync();
        var parameters = Parameters(document, "/api/enterprise/login-logs", "get");

        Assert.Equal("integer", parameters["pageSize"].GetProperty("type").GetString());
        Assert.Equal(1, parameters["pageSize"].GetProperty("minimum").GetInt32());
        Assert.Equal(100, parameters["pageSize"].GetProperty("maximum").GetInt32());
        Assert.Equal("#/components/schemas/LoginType", parameters["loginType"].GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/IdentityType", parameters["identityType"].GetProperty("$ref").GetString());
        foreach (var bound in new[] { "from", "to" })
        {
            var formats = parameters[bound].GetProperty("anyOf").EnumerateArray().Select(schema => schema.GetProperty("format").GetString()).Order(StringComparer.Ordinal);
            Assert.Equal(["date", "date-time"], formats);
        }

        Assert.Equal(1, parameters["name"].GetProperty("minLength").GetInt32());
        Assert.Equal(1, Parameters(document, "/api/cross-region/inspection-items", "get")["province"].GetProperty("minLength").GetInt32());
    }

    [Fact]
    public async Task OpenApi_StatesTheConditionalRules()
    {
        var document = await (await Api.Client.GetAsync("/api/openapi.json")).AssertOkAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        AssertRule(schemas.GetProperty("PasswordLoginRequest"), "mode", ["enterprise", "nonResident", "specificSubject"], "creditCode");
        AssertRule(schemas.GetProperty("PasswordLoginRequest"), "mode", ["specificSubject"], "subjectType");
        AssertRule(schemas.GetProperty("SmsLoginRequest"), "mode", ["enterprise", "nonResident", "specificSubject"], "creditCode");
        AssertRule(schemas.GetProperty("SmsRequest"), "purpose", ["newPhone", "register"], "phone");
        AssertRule(schemas.GetProperty("SmsRequest"), "purpose", ["login", "resetPassword"], "account");
        AssertRule(schemas.GetProperty("SmsRequest"), "purpose", ["login", "register", "resetPassword"], "captcha");
        AssertRule(schemas.GetProperty("FaceRequest"), "purpose", ["changeName", "register", "resetPassword"], "name");
        AssertRule(schemas.GetProperty("SwitchRequest"), "kind", ["enterprise"], "enterpriseId");
    }

    private static void AssertRule(JsonElement schema, string property, string[] values, string required)
    {
        var rules = schema.GetProperty("allOf").EnumerateArray().Where(rule =>
            rule.GetProperty("if").GetProperty("properties").TryGetProperty(property, out var condition)
            && condition.GetProperty("enum").EnumerateArray().Select(value => value.GetString()!).Order(StringComparer.Ordinal).SequenceEqual(values));
        Assert.Contains(rules, rule => rule.GetProperty("then").GetProperty("required").EnumerateArray().Any(name => name.GetString() == required));
    }

    private static Dictionary<string, JsonElement> Parameters(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("parameters").EnumerateArray()
            .ToDictionary(parameter => parameter.GetProperty("name").GetString()!, parameter => parameter.GetProperty("schema"));

    /// <summary>Sends the request target as written (an HTTP client would resolve its dot segments first).</summary>
    private async Task<(int Status, string Body)> RawAsync(string method, string target, string accessToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Api.Address.Host, Api.Address.Port);
        var stream = tcp.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {Api.Address.Authority}\r\nAuthorization: Bearer {accessToken}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var answer = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        var status = int.Parse(answer.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var separator = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, answer[(separator + 4)..]);
    }
}
