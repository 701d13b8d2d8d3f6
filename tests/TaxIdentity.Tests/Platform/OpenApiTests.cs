using System.Text.Json;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Platform;

public sealed class OpenApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static string PathOf(HttpFunction function) => "/api/" + function.Route;

    private async Task<JsonElement> DocumentAsync() => await (await fixture.Host.Client.GetAsync("/api/openapi.json")).AssertOkAsync();

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

        foreach (var function in HttpFunctionCatalog.All.Where(function => function.Doc is { Hidden: false }))
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
    public async Task Document_IsOpenApi3WithRequestSchemasAndOperatorSecurity()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var put = document.GetProperty("paths").GetProperty("/api/operator/enterprises/{creditCode}").GetProperty("put");
        var schema = put.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.True(schema.GetProperty("properties").TryGetProperty("legalRepresentative", out _));
        Assert.True(put.GetProperty("security")[0].TryGetProperty("operatorKey", out _));
        Assert.Equal("creditCode", put.GetProperty("parameters")[0].GetProperty("name").GetString());
    }
}
