using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Login;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>A7: the page shows a QR ticket, the signed-in tax app approves it, the page receives the session once.</summary>
public sealed class QrLoginTests(ClockedApiFixture fixture) : IClassFixture<ClockedApiFixture>
{
    private ApiHost Api => fixture.Host;

    private FakeTimeProvider Clock => fixture.Clock;

    [Fact]
    public async Task NewTicket_IsCreated_AndPending()
    {
        var issued = await (await Api.Client.PostAsync("/api/auth/qr", null)).AssertOkAsync(HttpStatusCode.Created);
        var ticketId = issued.GetProperty("ticketId").GetString()!;

        Assert.Contains(ticketId, issued.GetProperty("qrPayload").GetString(), StringComparison.Ordinal);
        Assert.True(issued.GetProperty("expiresAt").GetDateTimeOffset() > Clock.GetUtcNow());
        var poll = await PollAsync(ticketId);
        Assert.Equal("pending", poll.GetProperty("status").GetString());
        Assert.False(HasSession(poll));
    }

    [Fact]
    public async Task ApprovedTicket_HandsOutThePersonalSessionOnce()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.PersonalLoginAsync(person);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var ticketId = await IssueAsync();

        await (await ApproveAsync(app.AccessToken, ticketId, new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);
        var first = await PollAsync(ticketId);
        var second = await PollAsync(ticketId);

        Assert.Equal("approved", first.GetProperty("status").GetString());
        var session = first.GetProperty("session");
        Assert.Equal("personal", session.GetProperty("current").GetProperty("kind").GetString());
        var stored = await Api.StoredSessionAsync(Accounts.ToSession(session));
        Assert.Equal(person.PersonId, stored.PersonId);
        Assert.NotEqual(SignInKit.SessionIdOf(app.RefreshToken), stored.SessionId);
        await (await Api.GetWithTokenAsync(session.GetProperty("accessToken").GetString()!, "/api/me/identities")).AssertOkAsync();
        Assert.Equal("consumed", second.GetProperty("status").GetString());
        Assert.False(HasSession(second));
        var log = (await Api.LoginLogsAsync(LoginLogEntity.PersonPartition(person.PersonId)))[0];
        Assert.Equal("qr", log.Method);
        Assert.Equal("success", log.Outcome);
    }

    [Fact]
    public async Task ConcurrentPolls_OfAnApprovedTicket_HandOutExactlyOneSession()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.PersonalLoginAsync(person);

        for (var round = 0; round < 3; round++)
        {
            var ticketId = await IssueAsync();
            await (await ApproveAsync(app.AccessToken, ticketId, new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);

            var polls = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PollAsync(ticketId)));

            Assert.Single(polls, HasSession);
            Assert.Equal(3, polls.Count(poll => poll.GetProperty("status").GetString() == "consumed" && !HasSession(poll)));
        }
    }

    [Fact]
    public async Task ApprovalForAnEnterprise_MakesTheApprovedIdentityCurrent()
    {
        var person = await Api.RegisterAsync();
        var (creditCode, enterpriseId) = await Api.EnterpriseOfAsync(person, person);
        var app = await Api.PersonalLoginAsync(person);
        var ticketId = await IssueAsync();

        await (await ApproveAsync(app.AccessToken, ticketId, new { app = "iitApp", creditCode, identityType = "financialOfficer" })).AssertOkAsync(HttpStatusCode.NoContent);
        var poll = await PollAsync(ticketId);

        Assert.Equal("approved", poll.GetProperty("status").GetString());
        var current = poll.GetProperty("session").GetProperty("current");
        Assert.Equal("enterprise", current.GetProperty("kind").GetString());
        Assert.Equal(enterpriseId, current.GetProperty("enterpriseId").GetString());
        Assert.Equal("financialOfficer", current.GetProperty("identityType").GetString());
        var logs = await Api.LoginLogsAsync(LoginLogEntity.EnterprisePartition(enterpriseId));
        Assert.Equal("qr", Assert.Single(logs).Method);
    }

    [Fact]
    public async Task ApprovalForAnEnterprise_WithoutIdentityType_UsesTheHighestRankedIdentity()
    {
        var person = await Api.RegisterAsync();
        var (creditCode, _) = await Api.EnterpriseOfAsync(person, person);
        var app = await Api.PersonalLoginAsync(person);
        var ticketId = await IssueAsync();

        await (await ApproveAsync(app.AccessToken, ticketId, new { app = "taxApp", creditCode })).AssertOkAsync(HttpStatusCode.NoContent);

        var current = (await PollAsync(ticketId)).GetProperty("session").GetProperty("current");
        Assert.Equal("legalRepresentative", current.GetProperty("identityType").GetString());
    }

    [Fact]
    public async Task Approval_WithoutTheAppKey_IsUnauthenticated_AndTheTicketStaysPending()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.PersonalLoginAsync(person);
        var ticketId = await IssueAsync();
        using var withoutKey = Api.WithToken(app.AccessToken);

        var response = await withoutKey.PostAsJsonAsync($"/api/app/qr/{ticketId}/approve", new { app = "taxApp" });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("pending", (await PollAsync(ticketId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approval_WithAWrongAppKey_IsUnauthenticated()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.PersonalLoginAsync(person);
        var ticketId = await IssueAsync();
        using var client = Api.WithToken(app.AccessToken);
        client.DefaultRequestHeaders.Add("X-App-Key", "wrong-app-key-0123456789abcdef");

        var response = await client.PostAsJsonAsync($"/api/app/qr/{ticketId}/approve", new { app = "taxApp" });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Approval_WithTheAppKeyButNoToken_IsUnauthenticated()
    {
        var ticketId = await IssueAsync();
        using var client = new HttpClient { BaseAddress = Api.Client.BaseAddress };
        client.DefaultRequestHeaders.Add("X-App-Key", ApiHost.AppKey);

        var response = await client.PostAsJsonAsync($"/api/app/qr/{ticketId}/approve", new { app = "taxApp" });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Approval_WithoutNamingTheApp_IsAValidationError()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.PersonalLoginAsync(person);
        var ticketId = await IssueAsync();

        var response = await ApproveAsync(app.AccessToken, ticketId, new { });

        await response.AssertFieldErrorAsync("app");
    }

    [Fact]
    public async Task ExpiredTicket_PollsAsExpired_AndCannotBeApproved()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.PersonalLoginAsync(person);
        var ticketId = await IssueAsync();

        Clock.Advance(TimeSpan.FromMinutes(2));

        var poll = await PollAsync(ticketId);
        Assert.Equal("expired", poll.GetProperty("status").GetString());
        Assert.False(HasSession(poll));
        var approve = await ApproveAsync(app.AccessToken, ticketId, new { app = "taxApp" });
        await approve.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task ApprovedTicket_NotCollectedBeforeExpiry_HandsOutNoSession()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.PersonalLoginAsync(person);
        var ticketId = await IssueAsync();
        await (await ApproveAsync(app.AccessToken, ticketId, new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);

        Clock.Advance(TimeSpan.FromMinutes(2));

        var poll = await PollAsync(ticketId);
        Assert.Equal("expired", poll.GetProperty("status").GetString());
        Assert.False(HasSession(poll));
    }

    [Fact]
    public async Task Approval_ForAnEnterpriseWhereThePersonHoldsNothing_IsForbidden()
    {
        var owner = await Api.RegisterAsync();
        var stranger = await Api.RegisterAsync();
        var (creditCode, _) = await Api.EnterpriseOfAsync(owner);
        var app = await Api.PersonalLoginAsync(stranger);
        var ticketId = await IssueAsync();

        var response = await ApproveAsync(app.AccessToken, ticketId, new { app = "taxApp", creditCode });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("pending", (await PollAsync(ticketId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approval_OfAnAlreadyApprovedTicket_IsAConflict()
    {
        var person = await Api.RegisterAsync();
        var other = await Api.RegisterAsync();
        var app = await Api.PersonalLoginAsync(person);
        var otherApp = await Api.PersonalLoginAsync(other);
        var ticketId = await IssueAsync();
        await (await ApproveAsync(app.AccessToken, ticketId, new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);

        var second = await ApproveAsync(otherApp.AccessToken, ticketId, new { app = "taxApp" });

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        var session = (await PollAsync(ticketId)).GetProperty("session");
        Assert.Equal(person.PersonId, (await Api.StoredSessionAsync(Accounts.ToSession(session))).PersonId);
    }

    [Fact]
    public async Task UnknownTicket_IsNotFound()
    {
        var response = await Api.Client.GetAsync($"/api/auth/qr/{Guid.NewGuid():N}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private async Task<string> IssueAsync()
    {
        var issued = await (await Api.Client.PostAsync("/api/auth/qr", null)).AssertOkAsync(HttpStatusCode.Created);
        return issued.GetProperty("ticketId").GetString()!;
    }

    private async Task<JsonElement> PollAsync(string ticketId) =>
        await (await Api.Client.GetAsync($"/api/auth/qr/{ticketId}")).AssertOkAsync();

    private async Task<HttpResponseMessage> ApproveAsync(string accessToken, string ticketId, object body)
    {
        using var app = Api.AppClient(accessToken);
        return await app.PostAsJsonAsync($"/api/app/qr/{ticketId}/approve", body);
    }

    private static bool HasSession(JsonElement poll) =>
        poll.TryGetProperty("session", out var session) && session.ValueKind != JsonValueKind.Null;
}
