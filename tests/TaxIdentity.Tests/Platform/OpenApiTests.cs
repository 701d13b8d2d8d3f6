using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Platform;

public sealed class OpenApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static string PathOf(HttpFunction function) => "/api/" + function.Route;

    private async Task<JsonElement> DocumentAsync() => await (await fixture.Host.Client.GetAsync("/api/openapi.json")).AssertOkAsync();

    private async Task<string> DocumentFileAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tax-identity-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, await fixture.Host.Client.GetStringAsync("/api/openapi.json"));
        return path;
    }

    private static JsonElement Schema(JsonElement document, string name) => document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static string[] Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(item => item.GetString()!).Order(StringComparer.Ordinal)] : [];

    [Fact]
    public void EveryHttpFunction_IsDescribed()
    {
        var undocumented = HttpFunctionCatalog.All.Where(function => function.Doc is null).Select(function => function.Name);

        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task Document_ListsEveryHttpFunctionWithItsVerbs()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        foreach (var function in HttpFunctionCatalog.All)
        {
            Assert.True(paths.TryGetProperty(PathOf(function), out var item), $"{PathOf(function)} is missing");
            foreach (var method in function.Methods)
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {PathOf(function)} is missing");
                Assert.Equal(function.Name, operation.GetProperty("operationId").GetString());
            }
        }
    }

    [Fact]
    public async Task Document_NamesNoRouteThatDoesNotExist()
    {
        var document = await DocumentAsync();
        var served = HttpFunctionCatalog.All.SelectMany(function => function.Methods.Select(method => (PathOf(function), method.ToLowerInvariant()))).ToHashSet();

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.Contains((path.Name, operation.Name), served);
            }
        }
    }

    [Fact]
    public async Task Document_PassesRedoclysRecommendedRules()
    {
        var file = await DocumentFileAsync();

        var (exitCode, report, log) = await NodeTool.RunAsync("redocly", "lint", file, "--extends=recommended", "--format=json");

        var errors = JsonDocument.Parse(report).RootElement.GetProperty("totals").GetProperty("errors").GetInt32();
        Assert.True(errors == 0 && exitCode == 0, $"Redocly lint of {file} failed:\n{report}\n{log}");
        File.Delete(file);
    }

    [Fact]
    public async Task Document_TurnsIntoTypeScriptTypesThatCompile()
    {
        var file = await DocumentFileAsync();
        var types = Path.ChangeExtension(file, ".ts");

        var (exitCode, output, log) = await NodeTool.RunAsync("openapi-typescript", file, "--output", types);
        Assert.True(exitCode == 0, $"openapi-typescript failed on {file}:\n{output}\n{log}");
        var (compiled, errors, _) = await NodeTool.RunAsync("tsc", "--noEmit", "--strict", "--target", "es2022", types);

        Assert.True(compiled == 0, $"The types generated from {file} do not compile:\n{errors}");
        Assert.Contains("RegistrationRequest", await File.ReadAllTextAsync(types), StringComparison.Ordinal);
        File.Delete(file);
        File.Delete(types);
    }

    [Fact]
    public async Task Document_DeclaresServersAndSecurityOnEveryOperation()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, document.GetProperty("servers").GetArrayLength());
        var securityOf = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (operation.Value.GetProperty("operationId").GetString()!, operation.Value)))
            .ToDictionary(pair => pair.Item1, pair => pair.Item2.GetProperty("security"));
        Assert.Equal(0, securityOf["GetHealth"].GetArrayLength());
        Assert.True(securityOf["PutEnterprise"][0].TryGetProperty(ApiDocument.OperatorKey, out _));
        Assert.True(securityOf["SwitchIdentity"][0].TryGetProperty(ApiDocument.Bearer, out _));
        Assert.True(securityOf["ApproveQrTicket"][0].TryGetProperty(ApiDocument.AppKey, out _));
        Assert.True(securityOf["ApproveQrTicket"][0].TryGetProperty(ApiDocument.Bearer, out _));
    }

    [Fact]
    public async Task RequestAndResponseBodies_AreNamedSchemasInComponents()
    {
        var document = await DocumentAsync();
        var put = document.GetProperty("paths").GetProperty("/api/operator/enterprises/{creditCode}").GetProperty("put");

        var request = put.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("#/components/schemas/EnterpriseSyncRequest", request.GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/PersonRequest", Schema(document, "EnterpriseSyncRequest").GetProperty("properties").GetProperty("legalRepresentative").GetProperty("$ref").GetString());
        var success = put.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("#/components/schemas/EnterpriseSyncResult", success.GetProperty("$ref").GetString());
        Assert.Equal("creditCode", put.GetProperty("parameters")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task RequestSchemas_RequireWhatTheServerRequiresAndNoMore()
    {
        var document = await DocumentAsync();

        Assert.Equal(["idNumber", "idType", "identityProof", "name", "password", "phone", "verification"], Required(Schema(document, "RegistrationRequest")));
        Assert.Equal(["account", "captcha", "mode", "password"], Required(Schema(document, "PasswordLoginRequest")));
        Assert.Equal(["purpose"], Required(Schema(document, "SmsRequest")));
        Assert.DoesNotContain("\"null\"", document.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestSchemas_SayWhichPhonesIdNumbersCreditCodesAndDatesAreAccepted()
    {
        var document = await DocumentAsync();

        var registration = Schema(document, "RegistrationRequest").GetProperty("properties");
        Assert.Equal(Core.Common.Identifiers.PhoneNumber.Pattern, registration.GetProperty("phone").GetProperty("pattern").GetString());
        Assert.Equal(Core.Common.Identifiers.IdDocument.Pattern, registration.GetProperty("idNumber").GetProperty("pattern").GetString());
        Assert.Equal(128, registration.GetProperty("password").GetProperty("maxLength").GetInt32());
        var agency = Schema(document, "AgencyRequest").GetProperty("properties");
        Assert.Equal(Core.Common.Identifiers.TaxpayerId.Pattern, agency.GetProperty("agencyCreditCode").GetProperty("pattern").GetString());
        Assert.Equal("date", agency.GetProperty("serviceStart").GetProperty("format").GetString());
        Assert.Equal(["legalRepresentative", "financialOfficer", "administrator", "taxClerk", "invoicePurchaser"],
            Schema(document, "IdentityType").GetProperty("enum").EnumerateArray().Select(value => value.GetString()!));
    }

    [Theory]
    [InlineData("13800138000", true)]
    [InlineData("+8613800138000", true)]
    [InlineData("+14155550100", true)]
    [InlineData("+8612345678901", false)]
    [InlineData("12800138000", false)]
    public void PhonePattern_AcceptsWhatTheServerAccepts(string phone, bool accepted)
    {
        Assert.Equal(accepted, Regex.IsMatch(phone, Core.Common.Identifiers.PhoneNumber.Pattern));
        Assert.Equal(accepted, Core.Common.Identifiers.PhoneNumber.Normalize(phone, out _) is not null);
    }

    [Fact]
    public void IdentifierPatterns_AcceptTheIdentifiersTheServerAccepts()
    {
        for (var i = 0; i < 50; i++)
        {
            Assert.Matches(Core.Common.Identifiers.IdDocument.Pattern, TestData.ResidentId());
            Assert.Matches(Core.Common.Identifiers.TaxpayerId.Pattern, TestData.CreditCode());
            Assert.Matches(Core.Common.Identifiers.TaxpayerId.Pattern, TestData.CreditCode().ToLowerInvariant());
            Assert.Matches(Core.Common.Identifiers.PhoneNumber.Pattern, TestData.Phone());
        }

        Assert.DoesNotMatch(Core.Common.Identifiers.TaxpayerId.Pattern, "9135010OM000100Y43");
        Assert.DoesNotMatch(Core.Common.Identifiers.IdDocument.Pattern, "1234");
    }

    [Fact]
    public async Task PersonalIdentity_RequiresNoEnterpriseField()
    {
        var document = await DocumentAsync();

        Assert.Equal(["functions", "kind"], Required(Schema(document, "IdentityView")));
    }

    [Fact]
    public async Task ProblemErrors_AreRequiredWithValidationFailedOnly()
    {
        var problem = Schema(await DocumentAsync(), ApiDocument.ProblemSchema);

        Assert.DoesNotContain("errors", Required(problem));
        Assert.Equal("validation_failed", problem.GetProperty("if").GetProperty("properties").GetProperty("code").GetProperty("const").GetString());
        Assert.Equal(["errors"], Required(problem.GetProperty("then")));
    }

    [Fact]
    public async Task Operations_ListTheProblemsTheyCanAnswer()
    {
        var responses = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/persons").GetProperty("post").GetProperty("responses");

        string[] CodesOf(string status) => [.. responses.GetProperty(status).GetProperty("content").GetProperty("application/problem+json")
            .GetProperty("schema").GetProperty("allOf")[1].GetProperty("properties").GetProperty("code").GetProperty("enum")
            .EnumerateArray().Select(code => code.GetString()!).Order(StringComparer.Ordinal)];
        Assert.Equal(["password_policy", "validation_failed", "verification_failed"], CodesOf("400"));
        Assert.Equal(["conflict"], CodesOf("409"));
        Assert.Equal(["rate_limited"], CodesOf("429"));
        Assert.True(responses.GetProperty("429").GetProperty("headers").GetProperty("Retry-After").GetProperty("required").GetBoolean());
        Assert.Equal(["unexpected"], CodesOf("500"));
        Assert.Equal(["unavailable"], CodesOf("503"));
        Assert.False(responses.TryGetProperty("401", out _));
    }

    [Fact]
    public void EveryErrorCode_HasItsStatus()
    {
        var codes = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (string)field.GetRawConstantValue()!);

        Assert.Equal(codes.Order(StringComparer.Ordinal), ApiProblems.Statuses.Keys.Order(StringComparer.Ordinal));
    }
}
