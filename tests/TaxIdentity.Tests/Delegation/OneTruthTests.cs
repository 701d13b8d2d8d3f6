using System.Net;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Profile;

namespace TaxIdentity.Tests.Delegation;

/// <summary>
/// design.md's "one authoritative side": the enterprise's identity row is the truth and the person's copy follows it.
/// Every pair of writers of one relationship (J1 sync, delete, confirm/approve, PATCH, deregistration) is raced many
/// times; afterwards both sides agree, and no identity exists that the enterprise can't list and delete.
/// </summary>
public sealed class OneTruthTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const int Rounds = 6;

    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task ConcurrentSyncsNamingDifferentFinancialOfficers_LeaveExactlyOne_AndNoGhost()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var candidates = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Api.RegisterAsync()));
        var sessions = await Task.WhenAll(candidates.Select(candidate => Api.PersonalLoginAsync(candidate)));
        await SyncAsync(enterprise, candidates[0]);
        for (var round = 0; round < 3 * Rounds; round++)
        {
            // The holder's seat is rewritten by three syncs while a fourth hands it to the other candidate.
            var holder = candidates[round % 2];
            await Task.WhenAll(SyncAsync(enterprise, holder), SyncAsync(enterprise, holder), SyncAsync(enterprise, candidates[(round + 1) % 2]), SyncAsync(enterprise, holder));

            var officers = (await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "financialOfficer");
            var seat = await (await Api.Operator.GetAsync($"/api/operator/enterprises/{enterprise.CreditCode}")).AssertOkAsync();
            var seated = seat.GetProperty("financialOfficerId").GetString();
            Assert.Equal(DelegationKit.HandlerId("financialOfficer", seated!), Assert.Single(officers).GetProperty("handlerId").GetString());
            foreach (var (candidate, session) in candidates.Zip(sessions))
            {
                // Switching, not signing in again: refused logins would count towards the account's lockout.
                await Api.AssertSidesAgreeAsync(enterprise.EnterpriseId, candidate.PersonId);
                var switched = await Api.PostAsync(session, "/api/auth/switch", new { kind = "enterprise", enterpriseId = enterprise.EnterpriseId, identityType = "financialOfficer" });
                Assert.Equal(candidate.PersonId == seated ? HttpStatusCode.OK : HttpStatusCode.NotFound, switched.StatusCode);
                await (await Api.PostAsync(session, "/api/auth/switch", new { kind = "personal" })).AssertOkAsync();
            }

            var next = candidates[(round + 1) % 2];
            if (seated != next.PersonId)
            {
                // The next round starts with its holder in the seat.
                await SyncAsync(enterprise, next);
            }
        }
    }

    [Fact]
    public async Task DeleteAndPatchRacing_LeaveBothSidesAgreeing()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var officer = await Api.EnterpriseLoginAsync(enterprise.LegalRepresentative, enterprise.CreditCode);
        for (var round = 0; round < Rounds; round++)
        {
            var clerk = await Api.AddHandlerAsync(enterprise);
            var route = $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", clerk.PersonId)}";

            var answers = await Task.WhenAll(
                Api.SendAsync(officer, HttpMethod.Patch, route, new { functions = new[] { "queries" } }),
                Api.SendAsync(enterprise.Manager, HttpMethod.Delete, route),
                Api.SendAsync(officer, HttpMethod.Patch, route, new { validUntil = Api.InDays(3) }));

            Assert.Equal(HttpStatusCode.NoContent, answers[1].StatusCode);
            Assert.All(new[] { answers[0], answers[2] }, patch => Assert.Contains(patch.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound }));
            await (await Api.GetAsync(enterprise.Manager, route)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            await Api.AssertSidesAgreeAsync(enterprise.EnterpriseId, clerk.PersonId);
            var login = await Api.LoginAsync(new Dictionary<string, object?>
            {
                ["mode"] = "enterprise",
                ["creditCode"] = enterprise.CreditCode,
                ["account"] = clerk.IdNumber,
                ["password"] = clerk.Password,
            });
            await login.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }
    }

    [Fact]
    public async Task ASyncMakingAHandlerTheFinancialOfficer_RacingTheirDeletionAndAChange_LeavesBothSidesAgreeing()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var clerk = await Api.AddHandlerAsync(enterprise);
            var route = $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", clerk.PersonId)}";

            await Task.WhenAll(
                SyncAsync(enterprise, clerk),
                Api.SendAsync(enterprise.Manager, HttpMethod.Delete, route),
                Api.SendAsync(enterprise.Manager, HttpMethod.Patch, route, new { functions = new[] { "queries" } }));

            await Api.AssertSidesAgreeAsync(enterprise.EnterpriseId, clerk.PersonId);
            var officer = Assert.Single((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("identityType", "financialOfficer"));
            Assert.Equal(DelegationKit.HandlerId("financialOfficer", clerk.PersonId), officer.GetProperty("handlerId").GetString());
        }
    }

    [Fact]
    public async Task ConfirmAndDeregistrationRacing_LeaveNoIdentityWithTheDeregisteredPerson()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var me = await Api.SignedInAsync();
            var invitationId = await Api.InviteAsync(enterprise.Manager, me.Person);
            var verification = await Api.SmsVerificationAsync(me, "deregister");

            await Task.WhenAll(
                Api.PostAsync(me.Session, $"/api/me/authorizations/{invitationId}/confirm"),
                Api.PostAsync(me.Session, "/api/me/deregistration", new { agreementAccepted = true, verification }));

            Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", me.Person.PersonId)));
            await Api.AssertSidesAgreeAsync(enterprise.EnterpriseId, me.Person.PersonId);
        }
    }

    [Fact]
    public async Task DeregistrationAndAChangeRacing_LeaveNoIdentityWithTheDeregisteredPerson()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var me = await Api.SignedInAsync();
            var invitationId = await Api.InviteAsync(enterprise.Manager, me.Person);
            await (await Api.PostAsync(me.Session, $"/api/me/authorizations/{invitationId}/confirm")).AssertOkAsync(HttpStatusCode.NoContent);
            var verification = await Api.SmsVerificationAsync(me, "deregister");
            var route = $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", me.Person.PersonId)}";

            await Task.WhenAll(
                Api.SendAsync(enterprise.Manager, HttpMethod.Patch, route, new { functions = new[] { "queries" } }),
                Api.PostAsync(me.Session, "/api/me/deregistration", new { agreementAccepted = true, verification }));

            await (await Api.GetAsync(enterprise.Manager, route)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            await Api.AssertSidesAgreeAsync(enterprise.EnterpriseId, me.Person.PersonId);
        }
    }

    private async Task SyncAsync(TestEnterprise enterprise, TestPerson financialOfficer)
    {
        var body = TestKit.TestData.Enterprise(
            new { name = enterprise.LegalRepresentative.Name, idType = "residentIdCard", idNumber = enterprise.LegalRepresentative.IdNumber },
            new { name = financialOfficer.Name, idType = "residentIdCard", idNumber = financialOfficer.IdNumber });
        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{enterprise.CreditCode}", body)).AssertOkAsync();
    }
}
