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
    public async Task CreatingAnInvitation_CostsElevenStorageCalls()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        await Api.InviteAsync(enterprise.Manager, await Api.RegisterAsync());

        var created = await Api.PostAsync(enterprise.Manager, "/api/enterprise/invitations", DelegationKit.InvitationBody(Api, person));

        // Caller 3; the person by ID 2; the identity held 1; the enterprise 1; due index 1; the transaction 1; the person's copy 2.
        await created.AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal(11, CallsOf(created));
    }

    [Fact]
    public async Task ConfirmingAnInvitation_IsDecidedAndAppliedAtTheRow_InElevenStorageCalls()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = await Api.RegisterAsync();
        var invitationId = await Api.InviteAsync(enterprise.Manager, person);
        var invitee = await Api.PersonalLoginAsync(person);

        var confirmed = await Api.PostAsync(invitee, $"/api/me/authorizations/{invitationId}/confirm");

        // Caller 2; the person's copy of the request and its row 2; the decision 1; the grant 1 and its holder 1; both copies 2 + 2.
        await confirmed.AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Equal(11, CallsOf(confirmed));
    }

    [Fact]
    public async Task WithdrawingAnInvitation_CostsSevenStorageCalls()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var invitationId = await Api.InviteAsync(enterprise.Manager, await Api.RegisterAsync());

        var withdrawn = await Api.PostAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}/withdraw");

        // Caller 3; the row 1; the decision with its history record 1; the person's copy 2.
        await withdrawn.AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Equal(7, CallsOf(withdrawn));
    }

    [Fact]
    public async Task ListingHandlers_CostsOneQueryAndOneReadPerPerson_AfterTheCallersThree()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        await Api.AddHandlerAsync(enterprise);

        var listed = await Api.GetAsync(enterprise.Manager, "/api/enterprise/handlers");

        // Legal representative, financial officer and the tax clerk: 3 + 1 + 3.
        Assert.Equal(3, (await listed.AssertOkAsync()).GetArrayLength());
        Assert.Equal(7, CallsOf(listed));
    }
}
