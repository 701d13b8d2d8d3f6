using System.Net;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Provisioning;

public sealed class OperatorAccessTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task OperatorEndpoint_WithoutKey_IsUnauthenticated()
    {
        var response = await Api.Client.PutJsonAsync($"/api/operator/enterprises/{TestData.CreditCode()}", TestData.Enterprise());

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData("test-operator-key-012345678")] // one character short of the real key
    [InlineData("test-operator-key-01234567890")] // one character longer
    public async Task OperatorEndpoint_WithWrongKey_IsUnauthenticatedAndStoresNothing(string key)
    {
        var code = TestData.CreditCode();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/operator/enterprises/{code}") { Content = System.Net.Http.Json.JsonContent.Create(TestData.Enterprise()) };
        request.Headers.Add("X-Operator-Key", key);

        await (await Api.Client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");

        await (await Api.Operator.GetAsync($"/api/operator/enterprises/{code}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task OperatorEndpoints_WhenNoKeyIsConfigured_AnswerNotFound()
    {
        await using var host = await ApiHost.StartAsync(settings => settings["Operator:Key"] = null);

        var response = await host.Operator.PutJsonAsync($"/api/operator/enterprises/{TestData.CreditCode()}", TestData.Enterprise());

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
