using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Platform;

public sealed class ErrorMappingTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static string Route() => $"/api/operator/enterprises/{TestData.CreditCode()}";

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("{name: 'x'}")]
    [InlineData("{\"name\":\"a\",\"name\":\"b\"}")]
    public async Task MalformedJson_IsAValidationProblemOnTheBody(string body)
    {
        var response = await Api.Operator.SendRawAsync(HttpMethod.Put, Route(), body);

        await response.AssertFieldErrorAsync("body");
    }

    [Fact]
    public async Task JsonThatIsNotAnObject_IsAValidationProblemOnTheBody()
    {
        var response = await Api.Operator.SendRawAsync(HttpMethod.Put, Route(), "[1,2]");

        await response.AssertFieldErrorAsync("body");
    }

    [Theory]
    [InlineData("realNameVerified", "\"yes\"")]
    [InlineData("name", "42")]
    [InlineData("legalRepresentative", "\"扎西\"")]
    [InlineData("specificSubjectTypes", "\"crossRegionInspection\"")]
    public async Task WrongType_NamesTheField(string field, string json)
    {
        var body = $"{{\"{field}\": {json}}}";

        var response = await Api.Operator.SendRawAsync(HttpMethod.Put, Route(), body);

        await response.AssertFieldErrorAsync(field);
    }

    [Theory]
    [InlineData("{\"kind\": \"multinational\"}", "kind")]
    [InlineData("{\"kind\": 1}", "kind")]
    [InlineData("{\"legalRepresentative\": {\"idType\": \"drivingLicence\"}}", "legalRepresentative.idType")]
    public async Task UnknownEnumValue_NamesTheField(string body, string field)
    {
        var response = await Api.Operator.SendRawAsync(HttpMethod.Put, Route(), body);

        await response.AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task BodyOverTheSizeLimit_IsRejected()
    {
        var body = "{\"name\": \"" + new string('x', 70 * 1024) + "\"}";

        var response = await Api.Operator.SendRawAsync(HttpMethod.Put, Route(), body);

        await response.AssertFieldErrorAsync("body");
    }

    [Fact]
    public async Task ChunkedBodyOverTheSizeLimit_IsRejected()
    {
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"name\": \"" + new string('x', 70 * 1024) + "\"}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, Route()) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await Api.Operator.SendAsync(request);

        await response.AssertFieldErrorAsync("body");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task WrongContentType_IsRejected(string contentType)
    {
        var response = await Api.Operator.SendRawAsync(HttpMethod.Put, Route(), "{}", contentType);

        await response.AssertFieldErrorAsync("body");
    }

    [Theory]
    [InlineData("GET", "/api/no-such-thing")]
    [InlineData("POST", "/api/operator/enterprises")]
    [InlineData("DELETE", "/api/catalog/functions/extra/segments")]
    public async Task UnknownRoute_GetsTheHostsPlainNotFound(string method, string route)
    {
        var response = await Api.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bug_IsA500ProblemWithTraceIdAndNoInternals()
    {
        await using var host = await ApiHost.StartAsync(services: services => services.AddSingleton<ICallerAuthenticator, BrokenAuthenticator>());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me/identities");
        request.Headers.Authorization = new("Bearer", "token");

        var response = await host.Client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError, "unexpected");
        var text = problem.ToString();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageRefusingConnections_IsA503WithRetryAfter_NotA500()
    {
        var closedPort = Azurite.FreePort();
        await using var host = await ApiHost.StartAsync(services: services =>
            services.AddSingleton(new TableServiceClient(Azurite.ConnectionStringFor(closedPort), new TableClientOptions { Retry = { MaxRetries = 0 } })));

        var response = await host.Operator.PutJsonAsync(Route(), TestData.Enterprise());

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is set");
        Assert.DoesNotContain("127.0.0.1", problem.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A bug in the request path: throws something no outage throws.</summary>
    private sealed class BrokenAuthenticator : ICallerAuthenticator
    {
        public Task<Outcome<Caller>> AuthenticateAsync(string? bearerToken, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Bug at 127.0.0.1 in AuthenticateAsync");
    }
}
