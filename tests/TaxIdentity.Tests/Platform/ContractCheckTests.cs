using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Infrastructure.Contract;

namespace TaxIdentity.Tests.Platform;

/// <summary>The check every HTTP test's answers go through must itself refuse what the document does not allow.</summary>
public sealed class ContractCheckTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue ProblemJson = new("application/problem+json");
    private static readonly HashSet<string> NoHeaders = [];

    private Task<ApiContract> ContractAsync() => ApiContract.LoadAsync(fixture.Host.Address);

    private static string Problem(int status, string code, string? errors = null) =>
        $$"""{"type":"urn:tax-identity:problem:{{code}}","title":"t","status":{{status}},"detail":"d","code":"{{code}}","traceId":"0af7651916cd43dd8448eb211c80319c"{{(errors is null ? "" : ",\"errors\":" + errors)}}}""";

    [Fact]
    public async Task Check_AcceptsADocumentedAnswer()
    {
        var contract = await ContractAsync();

        Assert.Empty(contract.Check(HttpMethod.Post, "/api/persons", 201, Json, NoHeaders, """{"personId":"p1"}"""));
        Assert.Empty(contract.Check(HttpMethod.Post, "/api/persons", 400, ProblemJson, NoHeaders, Problem(400, "validation_failed", """{"name":["is required."]}""")));
        Assert.Empty(contract.Check(HttpMethod.Post, "/api/persons", 400, ProblemJson, NoHeaders, Problem(400, "password_policy")));
    }

    [Fact]
    public async Task Check_RefusesAnUndocumentedStatus()
    {
        var contract = await ContractAsync();

        Assert.NotEmpty(contract.Check(HttpMethod.Post, "/api/persons", 401, ProblemJson, NoHeaders, Problem(401, "unauthenticated")));
        Assert.NotEmpty(contract.Check(HttpMethod.Get, "/api/catalog/functions", 503, ProblemJson, NoHeaders, Problem(503, "unavailable")));
    }

    [Fact]
    public async Task Check_RefusesABodyMissingARequiredField()
    {
        var violations = (await ContractAsync()).Check(HttpMethod.Post, "/api/persons", 201, Json, NoHeaders, """{"id":"p1"}""");

        Assert.Contains("personId", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RefusesAValidationProblemWithoutErrors()
    {
        var contract = await ContractAsync();

        Assert.NotEmpty(contract.Check(HttpMethod.Post, "/api/persons", 400, ProblemJson, NoHeaders, Problem(400, "validation_failed")));
    }

    [Fact]
    public async Task Check_RefusesACodeTheOperationDoesNotAnswerWithThatStatus()
    {
        var contract = await ContractAsync();

        Assert.NotEmpty(contract.Check(HttpMethod.Post, "/api/persons", 400, ProblemJson, NoHeaders, Problem(400, "captcha_failed")));
        Assert.NotEmpty(contract.Check(HttpMethod.Post, "/api/persons", 409, ProblemJson, NoHeaders, Problem(400, "conflict")));
    }

    [Fact]
    public async Task Check_RefusesAWrongMediaTypeAMissingBodyAndAMissingRetryAfter()
    {
        var contract = await ContractAsync();

        Assert.NotEmpty(contract.Check(HttpMethod.Post, "/api/persons", 409, Json, NoHeaders, Problem(409, "conflict")));
        Assert.NotEmpty(contract.Check(HttpMethod.Post, "/api/persons", 201, null, NoHeaders, string.Empty));
        Assert.NotEmpty(contract.Check(HttpMethod.Post, "/api/persons", 429, ProblemJson, NoHeaders, Problem(429, "rate_limited")));
        Assert.Empty(contract.Check(HttpMethod.Post, "/api/persons", 429, ProblemJson, new HashSet<string> { "Retry-After" }, Problem(429, "rate_limited")));
    }

    [Fact]
    public async Task Check_RefusesAFormatTheSchemaNames()
    {
        var contract = await ContractAsync();

        var violations = contract.Check(HttpMethod.Post, "/api/captcha", 201, Json, NoHeaders,
            """{"captchaId":"c1","challenge":{"algorithm":"SHA-256","salt":"ab","difficulty":2},"expiresAt":"tomorrow"}""");

        Assert.Contains("expiresAt", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AcceptsOnlyA404ForARouteOutsideTheDocument()
    {
        var contract = await ContractAsync();

        Assert.Empty(contract.Check(HttpMethod.Get, "/api/no-such-route", 404, null, NoHeaders, string.Empty));
        Assert.NotEmpty(contract.Check(HttpMethod.Get, "/api/no-such-route", 500, ProblemJson, NoHeaders, Problem(500, "unexpected")));
    }

    [Fact]
    public async Task Handler_FailsTheRequestWhenTheAnswerBreaksTheDocument()
    {
        using var client = ClientAnswering(HttpStatusCode.Created, """{"id":"p1"}""");

        await Assert.ThrowsAsync<ContractViolationException>(() => client.PostAsync("/api/persons", null));
    }

    [Fact]
    public async Task Handler_LeavesAnOptedOutRequestUnchecked()
    {
        using var client = ClientAnswering(HttpStatusCode.Created, """{"id":"p1"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/persons").OutsideTheContract("this test checks the opt-out itself");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private HttpClient ClientAnswering(HttpStatusCode status, string body) =>
        new(new ContractCheckingHandler(ContractAsync, new Answering(status, body))) { BaseAddress = fixture.Host.Address };

    private sealed class Answering(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request });
    }
}
