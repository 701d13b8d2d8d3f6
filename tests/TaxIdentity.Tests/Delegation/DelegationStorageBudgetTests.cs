using System.Globalization;
using System.Net;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Delegation;

/// <summary>Storage round trips of the delegation endpoints stay within the budgets the README documents.</summary>
public sealed class DelegationStorageBudgetTests(OwnApiFixture fixture) : IClassFixture<OwnApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static int CallsOf(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues(HttpEndpoint.StorageCallsHeader).Single(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task CreatingAnInvitation_CostsNineStorageCalls()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        await Api.InviteAsync(enterprise.Manager, await Api.RegisterAsync());

        var created = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, person));

        await created.AssertOkAsync(HttpStatusCode.Created);
        Assert.InRange(CallsOf(created), 1, 9);
    }

    [Fact]
    public async Task ListingHandlers_CostsOneQueryAndOneReadPerPerson_AfterTheCallersThree()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        await Api.AddHandlerAsync(enterprise);

        var listed = await Api.GetAsync(enterprise.Manager, "/api/enterprise/handlers");

        // Legal representative, financial officer and the tax clerk: 3 + 1 + 3.
        Assert.Equal(3, (await listed.AssertOkAsync()).GetArrayLength());
        Assert.InRange(CallsOf(listed), 1, 7);
    }
}
