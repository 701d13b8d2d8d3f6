using System.Net;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Delegation;

/// <summary>The delegation lists' filters: left out means all; sent empty is an error, never "all".</summary>
public sealed class ListFilterTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Theory]
    [InlineData("/api/enterprise/handlers?name=", "name")]
    [InlineData("/api/enterprise/handlers?identityType=", "identityType")]
    [InlineData("/api/enterprise/invitations?name=%20", "name")]
    [InlineData("/api/enterprise/applications?identityType=", "identityType")]
    [InlineData("/api/enterprise/history?kind=", "kind")]
    public async Task AnEmptyFilterValue_IsAValidationError(string route, string field)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();

        await (await Api.GetAsync(enterprise.Manager, route)).AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task LeftOut_TheFilterListsAll()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();

        var all = await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers");

        Assert.Equal(2, all.Length);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(enterprise.Manager, "/api/enterprise/history")).StatusCode);
    }
}
