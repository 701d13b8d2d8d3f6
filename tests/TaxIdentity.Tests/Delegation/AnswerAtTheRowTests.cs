using System.Net;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;
using TaxIdentity.Tests.Profile;

namespace TaxIdentity.Tests.Delegation;

/// <summary>
/// D11 and design.md's "answers decided at the request row": of the answers to one request, whatever their kind or
/// parameters, exactly one is applied and answered 204, every other one 409; what the winner applied is what is stored.
/// </summary>
public sealed class AnswerAtTheRowTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task TenManagersApprovingOneApplicationAtOnce_OneIsApplied_WithItsOwnParameters_NineAre409()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var managers = new List<TestSession>();
        for (var i = 0; i < 10; i++)
        {
            // One after the other: parallel password attempts are held to the lockout's tries.
            managers.Add(await Api.EnterpriseLoginAsync(enterprise.LegalRepresentative, enterprise.CreditCode));
        }

        var applicant = await Api.RegisterAsync();
        var applicationId = await Api.ApplyAsync(await Api.PersonalLoginAsync(applicant), enterprise.CreditCode, functions: ["queries"]);

        var answers = await Task.WhenAll(managers.Select((manager, i) => Api.PostAsync(
            manager, $"/api/enterprise/applications/{applicationId}/approve", new { functions = new[] { "queries" }, validUntil = Api.InDays(10 + i) })));

        var winner = Assert.Single(Enumerable.Range(0, 10), i => answers[i].StatusCode == HttpStatusCode.NoContent);
        Assert.All(answers.Where((_, i) => i != winner), answer => Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode));
        foreach (var loser in answers.Where((_, i) => i != winner))
        {
            await loser.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        }

        var handler = await Api.ReadAsync(enterprise.Manager, $"/api/enterprise/handlers/{DelegationKit.HandlerId("taxClerk", applicant.PersonId)}");
        Assert.Equal(Api.InDays(10 + winner), handler.GetProperty("validUntil").GetString());
        var mine = Assert.Single(await Api.ListAsync(await Api.PersonalLoginAsync(applicant), "/api/me/applications"));
        Assert.Equal("approved", mine.GetProperty("status").GetString());
        Assert.Equal(Api.InDays(10 + winner), mine.GetProperty("validUntil").GetString());
    }

    [Fact]
    public async Task ApproveRejectAndWithdraw_RacingOnOneApplication_ExactlyOneWins_EveryTime()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var second = await Api.EnterpriseLoginAsync(enterprise.LegalRepresentative, enterprise.CreditCode);
        for (var round = 0; round < 8; round++)
        {
            var person = await Api.RegisterAsync();
            var applicant = await Api.PersonalLoginAsync(person);
            var applicationId = await Api.ApplyAsync(applicant, enterprise.CreditCode);

            var answers = await Task.WhenAll(
                Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/approve", new { functions = new[] { "queries" }, validUntil = Api.InDays(30) }),
                Api.PostAsync(second, $"/api/enterprise/applications/{applicationId}/reject", new { reason = "名额已满" }),
                Api.PostAsync(applicant, $"/api/me/applications/{applicationId}/withdraw"));

            var winner = Assert.Single(Enumerable.Range(0, 3), i => answers[i].StatusCode == HttpStatusCode.NoContent);
            Assert.Equal(2, answers.Count(answer => answer.StatusCode == HttpStatusCode.Conflict));
            var status = Assert.Single(await Api.ListAsync(applicant, "/api/me/applications")).GetProperty("status").GetString();
            Assert.Equal(new[] { "approved", "rejected", "withdrawn" }[winner], status);
            var handlers = (await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", person.PersonId));
            Assert.Equal(winner == 0 ? 1 : 0, handlers.Count);
            var history = (await Api.HistoryAsync(enterprise.Manager)).WithProperty("recordId", applicationId);
            Assert.Equal(winner == 0 ? 0 : 1, history.Count);
        }
    }

    [Fact]
    public async Task AnswersAtTheExpiryInstant_AreRefused_OneAMillisecondBeforeItIsApplied()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock);
        var enterprise = await api.EnterpriseWithManagerAsync();
        var late = await api.RegisterAsync();
        var inTime = await api.RegisterAsync();
        var inTimeId = await api.InviteAsync(enterprise.Manager, inTime);
        var lateId = await api.InviteAsync(enterprise.Manager, late);
        var expiresAt = (await api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{inTimeId}")).GetProperty("expiresAt").GetDateTimeOffset();
        clock.SetUtcNow(expiresAt - TimeSpan.FromMinutes(1));
        var lateSession = await api.PersonalLoginAsync(late);
        var inTimeSession = await api.PersonalLoginAsync(inTime);
        var manager = await api.EnterpriseLoginAsync(enterprise.LegalRepresentative, enterprise.CreditCode);

        clock.SetUtcNow(expiresAt - TimeSpan.FromMilliseconds(1));
        await (await api.PostAsync(inTimeSession, $"/api/me/authorizations/{inTimeId}/confirm")).AssertOkAsync(HttpStatusCode.NoContent);
        clock.SetUtcNow((await api.ReadAsync(manager, $"/api/enterprise/invitations/{lateId}")).GetProperty("expiresAt").GetDateTimeOffset());
        var answers = await Task.WhenAll(
            api.PostAsync(lateSession, $"/api/me/authorizations/{lateId}/confirm"),
            api.PostAsync(manager, $"/api/enterprise/invitations/{lateId}/withdraw"));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode));
        Assert.Equal("expired", (await api.ReadAsync(manager, $"/api/enterprise/invitations/{lateId}")).GetProperty("status").GetString());
        Assert.Empty((await api.ListAsync(manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", late.PersonId)));
        Assert.Single((await api.ListAsync(manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", inTime.PersonId)));
    }

    [Fact]
    public async Task Deregistration_WithdrawsTheOpenApplication_SoItCanNotBeApproved()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var me = await Api.SignedInAsync();
        var applicationId = await Api.ApplyAsync(me.Session, enterprise.CreditCode);

        await (await Api.PostAsync(me.Session, "/api/me/deregistration", new { agreementAccepted = true, verification = await Api.SmsVerificationAsync(me, "deregister") }))
            .AssertOkAsync(HttpStatusCode.NoContent);
        var approve = await Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/approve", new { functions = new[] { "queries" }, validUntil = Api.InDays(30) });

        await approve.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Empty(await Api.ListAsync(enterprise.Manager, "/api/enterprise/applications"));
        Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", me.Person.PersonId)));
        var record = Assert.Single((await Api.HistoryAsync(enterprise.Manager)).WithProperty("recordId", applicationId));
        Assert.Equal("withdrawn", record.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Deregistration_WithdrawsTheInvitationsWaitingForThePerson_IntoHistory()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var me = await Api.SignedInAsync();
        var invitationId = await Api.InviteAsync(enterprise.Manager, me.Person);

        await (await Api.PostAsync(me.Session, "/api/me/deregistration", new { agreementAccepted = true, verification = await Api.SmsVerificationAsync(me, "deregister") }))
            .AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal("withdrawn", (await Api.ReadAsync(enterprise.Manager, $"/api/enterprise/invitations/{invitationId}")).GetProperty("status").GetString());
        Assert.Empty(await Api.ListAsync(enterprise.Manager, "/api/enterprise/invitations"));
        Assert.Single((await Api.HistoryAsync(enterprise.Manager)).WithProperty("recordId", invitationId));
    }

    [Fact]
    public async Task ApprovalAndDeregistrationRacing_NeverLeaveAnIdentityWithADeregisteredPerson()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        for (var round = 0; round < 6; round++)
        {
            var me = await Api.SignedInAsync();
            var applicationId = await Api.ApplyAsync(me.Session, enterprise.CreditCode);
            var verification = await Api.SmsVerificationAsync(me, "deregister");

            var answers = await Task.WhenAll(
                Api.PostAsync(enterprise.Manager, $"/api/enterprise/applications/{applicationId}/approve", new { functions = new[] { "queries" }, validUntil = Api.InDays(30) }),
                Api.PostAsync(me.Session, "/api/me/deregistration", new { agreementAccepted = true, verification }));

            Assert.Equal(HttpStatusCode.NoContent, answers[1].StatusCode);
            Assert.Contains(answers[0].StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.Conflict });
            Assert.Empty((await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers")).WithProperty("handlerId", DelegationKit.HandlerId("taxClerk", me.Person.PersonId)));
            await Api.AssertSidesAgreeAsync(enterprise.EnterpriseId, me.Person.PersonId);
        }
    }
}
