using TaxIdentity.Functions.Common.Http;
using TaxIdentity.LocalHost;

namespace TaxIdentity.Tests.LocalHost;

/// <summary>
/// The Functions host orders HTTP routes by function name, not by specificity, so two functions whose
/// templates can match the same verb and path would shadow each other in Azure. None may.
/// </summary>
public sealed class RouteOverlapTests
{
    public static TheoryData<string, string, bool> Templates() => new()
    {
        { "persons", "persons", true },
        { "verifications/sms", "verifications/{verificationId}", true },
        { "auth/qr/{ticketId}", "auth/qr/{id}/approve", false },
        { "me/phones/{phoneId}", "me/{*rest}", true },
        { "me", "me/{*rest}", true },
        { "operator/persons/{idType}/{idNumber}", "operator/enterprises/{creditCode}", false },
        { "Catalog/Functions", "catalog/functions", true },
        { "a/{b?}", "a", true },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void Overlap_IsDetected(string first, string second, bool overlaps) =>
        Assert.Equal(overlaps, RouteTemplates.CanMatchTheSamePath(first, second));

    [Fact]
    public void NoTwoHttpFunctions_CanMatchTheSameVerbAndPath()
    {
        var functions = HttpFunctionCatalog.All;
        var clashes =
            from first in functions
            from second in functions
            where string.CompareOrdinal(first.Name, second.Name) < 0
            let verbs = first.Methods.Intersect(second.Methods, StringComparer.OrdinalIgnoreCase).ToList()
            where verbs.Count > 0 && RouteTemplates.CanMatchTheSamePath(first.Route, second.Route)
            select $"{first.Name} ({first.Route}) and {second.Name} ({second.Route}) on {string.Join(',', verbs)}";

        Assert.Empty(clashes);
    }

    [Fact]
    public void TheRoutePrefix_ComesFromHostJson()
    {
        Assert.Equal("api", HostJson.Load().RoutePrefix);
        Assert.Equal("/v2/persons", HostJson.Parse("""{ "extensions": { "http": { "routePrefix": "v2" } } }""").RouteFor("persons"));
        Assert.Equal("/persons", HostJson.Parse("""{ "extensions": { "http": { "routePrefix": "" } } }""").RouteFor("persons"));
    }
}
