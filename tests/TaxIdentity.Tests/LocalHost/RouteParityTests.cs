using System.Text.RegularExpressions;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.LocalHost;

public sealed partial class RouteParityTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string, string> EveryHttpFunction()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var function in HttpFunctionCatalog.All)
        {
            foreach (var method in function.Methods)
            {
                data.Add(function.Name, method, "/api/" + RouteParameter().Replace(function.Route, "sample"));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryHttpFunction))]
    public async Task EveryHttpFunction_IsReachableThroughTheLocalHost(string function, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        var response = await fixture.Host.Client.SendAsync(request);

        // The host's own 404 has no body; every function answers something (and no two routes overlap, RouteOverlapTests).
        var body = await response.Content.ReadAsStringAsync();
        Assert.False(response.StatusCode == System.Net.HttpStatusCode.NotFound && body.Length == 0, $"{method} {path} reached no function ({function})");
        Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public void Catalog_FindsTheHttpFunctions()
    {
        var names = HttpFunctionCatalog.All.Select(function => function.Name).ToList();

        Assert.Contains("GetHealth", names);
        Assert.Contains("PutEnterprise", names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
