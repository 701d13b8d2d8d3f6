using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Login;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>
/// A7: the page shows a QR ticket, the signed-in tax app sees where it was requested from and approves it, and the
/// page (holding the poll secret) receives the session once; that session ends no later than the app's.
/// </summary>
public sealed class QrLoginTests(ClockedApiFixture fixture) : IClassFixture<ClockedApiFixture>
{
    private ApiHost Api => fixture.Host;

    private FakeTimeProvider Clock => fixture.Clock;

    [Fact]
    public async Task NewTicket_IsCreated_AndPending()
    {
        var issued = await (await Api.Client.PostAsync("/api/auth/qr", null)).AssertOkAsync(HttpStatusCode.Created);
        var ticket = new Ticket(issued.GetProperty("ticketId").GetString()!, issued.GetProperty("pollSecret").GetString()!);

        Assert.Contains(ticket.TicketId, issued.GetProperty("qrPayload").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ticket.PollSecret, issued.GetProperty("qrPayload").GetString(), StringComparison.Ordinal);
        Assert.True(ticket.PollSecret.Length >= 32);
        Assert.True(issued.GetProperty("expiresAt").GetDateTimeOffset() > Clock.GetUtcNow());
        var poll = await PollAsync(ticket);
        Assert.Equal("pending", poll.GetProperty("status").GetString());
        Assert.False(HasSession(poll));
    }

    [Fact]
    public async Task ApprovedTicket_HandsOutThePersonalSessionOnce()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var ticket = await IssueAsync();

        await (await ApproveAsync(app.AccessToken, ticket, new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);
        var first = await PollAsync(ticket);
        var second = await PollAsync(ticket);

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
        var app = await Api.AppLoginAsync(person);

        for (var round = 0; round < 3; round++)
        {
            var ticket = await IssueAsync();
            await (await ApproveAsync(app.AccessToken, ticket, new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);

            var polls = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PollAsync(ticket)));

            Assert.Single(polls, HasSession);
            Assert.Equal(3, polls.Count(poll => poll.GetProperty("status").GetString() == "consumed" && !HasSession(poll)));
        }
    }

    [Fact]
    public async Task ApprovalForAnEnterprise_MakesTheApprovedIdentityCurrent()
    {
        var person = await Api.RegisterAsync();
        var (creditCode, enterpriseId) = await Api.EnterpriseOfAsync(person, person);
        var app = await Api.AppLoginAsync(person);
        var ticket = await IssueAsync();

        await (await ApproveAsync(app.AccessToken, ticket, new { app = "iitApp", creditCode, identityType = "financialOfficer" })).AssertOkAsync(HttpStatusCode.NoContent);
        var poll = await PollAsync(ticket);

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
        var app = await Api.AppLoginAsync(person);
        var ticket = await IssueAsync();

        await (await ApproveAsync(app.AccessToken, ticket, new { app = "taxApp", creditCode })).AssertOkAsync(HttpStatusCode.NoContent);

        var current = (await PollAsync(ticket)).GetProperty("session").GetProperty("current");
        Assert.Equal("legalRepresentative", current.GetProperty("identityType").GetString());
    }

    [Fact]
    public async Task Approval_WithoutTheAppKey_IsUnauthenticated_AndTheTicketStaysPending()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var ticket = await IssueAsync();
        using var withoutKey = Api.WithToken(app.AccessToken);

        var response = await withoutKey.PostAsJsonAsync($"/api/app/qr/{ticket.TicketId}/approve", new { app = "taxApp" });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("pending", (await PollAsync(ticket)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approval_WithAWrongAppKey_IsUnauthenticated()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var ticket = await IssueAsync();
        using var client = Api.WithToken(app.AccessToken);
        client.DefaultRequestHeaders.Add("X-App-Key", "wrong-app-key-0123456789abcdef");

        var response = await client.PostAsJsonAsync($"/api/app/qr/{ticket.TicketId}/approve", new { app = "taxApp" });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Approval_WithTheAppKeyButNoToken_IsUnauthenticated()
    {
        var ticket = await IssueAsync();
        using var client = Api.NewClient();
        client.DefaultRequestHeaders.Add("X-App-Key", ApiHost.AppKey);

        var response = await client.PostAsJsonAsync($"/api/app/qr/{ticket.TicketId}/approve", new { app = "taxApp" });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Approval_WithoutNamingTheApp_IsAValidationError()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var ticket = await IssueAsync();

        var response = await ApproveAsync(app.AccessToken, ticket, new { });

        await response.AssertFieldErrorAsync("app");
    }

    [Fact]
    public async Task ExpiredTicket_PollsAsExpired_AndCannotBeApproved()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var ticket = await IssueAsync();

        Clock.Advance(TimeSpan.FromMinutes(2));

        var poll = await PollAsync(ticket);
        Assert.Equal("expired", poll.GetProperty("status").GetString());
        Assert.False(HasSession(poll));
        var approve = await ApproveAsync(app.AccessToken, ticket, new { app = "taxApp" });
        await approve.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task ApprovedTicket_NotCollectedBeforeExpiry_HandsOutNoSession()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var ticket = await IssueAsync();
        await (await ApproveAsync(app.AccessToken, ticket, new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);

        Clock.Advance(TimeSpan.FromMinutes(2));

        var poll = await PollAsync(ticket);
        Assert.Equal("expired", poll.GetProperty("status").GetString());
        Assert.False(HasSession(poll));
    }

    [Fact]
    public async Task Approval_ForAnEnterpriseWhereThePersonHoldsNothing_IsForbidden()
    {
        var owner = await Api.RegisterAsync();
        var stranger = await Api.RegisterAsync();
        var (creditCode, _) = await Api.EnterpriseOfAsync(owner);
        var app = await Api.AppLoginAsync(stranger);
        var ticket = await IssueAsync();

        var response = await ApproveAsync(app.AccessToken, ticket, new { app = "taxApp", creditCode });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("pending", (await PollAsync(ticket)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approval_OfAnAlreadyApprovedTicket_IsAConflict()
    {
        var person = await Api.RegisterAsync();
        var other = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var otherApp = await Api.AppLoginAsync(other);
        var ticket = await IssueAsync();
        await (await ApproveAsync(app.AccessToken, ticket, new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);

        var second = await ApproveAsync(otherApp.AccessToken, ticket, new { app = "taxApp" });

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        var session = (await PollAsync(ticket)).GetProperty("session");
        Assert.Equal(person.PersonId, (await Api.StoredSessionAsync(Accounts.ToSession(session))).PersonId);
    }

    [Fact]
    public async Task UnknownTicket_IsNotFound()
    {
        var response = await PollWithAsync(Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Poll_WithoutThePollSecret_OrWithAWrongOne_GetsNoSession()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var ticket = await IssueAsync();
        await (await ApproveAsync(app.AccessToken, ticket, new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);

        var withoutSecret = await PollWithAsync(ticket.TicketId, pollSecret: null);
        var wrongSecret = await PollWithAsync(ticket.TicketId, ticket.PollSecret[..^2] + (ticket.PollSecret.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA"));
        var ticketIdAsSecret = await PollWithAsync(ticket.TicketId, ticket.TicketId);

        foreach (var response in new[] { withoutSecret, wrongSecret, ticketIdAsSecret })
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        var page = await PollAsync(ticket);
        Assert.Equal("approved", page.GetProperty("status").GetString());
        Assert.True(HasSession(page));
    }

    [Fact]
    public async Task App_SeesWhereTheRequestComesFrom_BeforeApproving()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var created = await Api.PostFromAsync("/api/auth/qr", new { }, "198.51.100.23", "Mozilla/5.0 (Windows NT 10.0) TaxTest/1.0");
        var issued = await created.AssertOkAsync(HttpStatusCode.Created);
        var ticketId = issued.GetProperty("ticketId").GetString()!;
        using var appClient = Api.AppClient(app.AccessToken);

        var view = await (await appClient.GetAsync($"/api/app/qr/{ticketId}")).AssertOkAsync();

        var requestedFrom = view.GetProperty("requestedFrom");
        Assert.Equal("198.51.100.23", requestedFrom.GetProperty("ip").GetString());
        Assert.Equal("Mozilla/5.0 (Windows NT 10.0) TaxTest/1.0", requestedFrom.GetProperty("userAgent").GetString());
        Assert.Equal(Clock.GetUtcNow(), view.GetProperty("createdAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.False(view.TryGetProperty("pollSecret", out _));
    }

    [Fact]
    public async Task AppView_WithoutTheAppKey_IsUnauthenticated_AndAnUnknownTicketIsNotFound()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var ticket = await IssueAsync();
        using var withoutKey = Api.WithToken(app.AccessToken);
        using var appClient = Api.AppClient(app.AccessToken);

        var unauthenticated = await withoutKey.GetAsync($"/api/app/qr/{ticket.TicketId}");
        var unknown = await appClient.GetAsync($"/api/app/qr/{Guid.NewGuid():N}");

        await unauthenticated.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task QrSession_EndsWhenTheApprovingAppSessionLogsOut()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var ticket = await IssueAsync();
        await (await ApproveAsync(app.AccessToken, ticket, new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);
        var session = Accounts.ToSession((await PollAsync(ticket)).GetProperty("session"));
        await (await Api.GetWithTokenAsync(session.AccessToken, "/api/me/identities")).AssertOkAsync();

        using (var appClient = Api.WithToken(app.AccessToken))
        {
            await (await appClient.PostAsync("/api/auth/logout", null)).AssertOkAsync(HttpStatusCode.NoContent);
        }

        await (await Api.GetWithTokenAsync(session.AccessToken, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await Api.RefreshAsync(session.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task ApprovedTicket_WhoseAppSessionEndedBeforeThePoll_HandsOutNoSession()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var ticket = await IssueAsync();
        await (await ApproveAsync(app.AccessToken, ticket, new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);
        using (var appClient = Api.WithToken(app.AccessToken))
        {
            await (await appClient.PostAsync("/api/auth/logout", null)).AssertOkAsync(HttpStatusCode.NoContent);
        }

        var poll = await PollWithAsync(ticket.TicketId, ticket.PollSecret);

        await poll.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    private async Task<Ticket> IssueAsync()
    {
        var issued = await (await Api.Client.PostAsync("/api/auth/qr", null)).AssertOkAsync(HttpStatusCode.Created);
        return new Ticket(issued.GetProperty("ticketId").GetString()!, issued.GetProperty("pollSecret").GetString()!);
    }

    private async Task<JsonElement> PollAsync(Ticket ticket) =>
        await (await PollWithAsync(ticket.TicketId, ticket.PollSecret)).AssertOkAsync();

    private async Task<HttpResponseMessage> PollWithAsync(string ticketId, string? pollSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/auth/qr/{ticketId}");
        if (pollSecret is not null)
        {
            request.Headers.Add("X-Poll-Secret", pollSecret);
        }

        return await Api.Client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> ApproveAsync(string accessToken, Ticket ticket, object body)
    {
        using var app = Api.AppClient(accessToken);
        return await app.PostAsJsonAsync($"/api/app/qr/{ticket.TicketId}/approve", body);
    }

    /// <summary>A ticket as the page holds it: the ID the QR code shows and the poll secret only the page has.</summary>
    private sealed record Ticket(string TicketId, string PollSecret);

    private static bool HasSession(JsonElement poll) =>
        poll.TryGetProperty("session", out var session) && session.ValueKind != JsonValueKind.Null;
}

/// <summary>A7: a session made by QR login ends no later than the app session that approved it.</summary>
public sealed class QrSessionLifetimeTests
{
    [Fact]
    public async Task QrSession_EndsNoLaterThanTheApprovingAppSession()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock, settings => settings["Tokens:SessionHours"] = "1");
        var person = await api.RegisterAsync();
        var app = await api.AppLoginAsync(person);
        var appExpiresAt = (await api.StoredSessionAsync(app)).ExpiresAt;
        clock.Advance(TimeSpan.FromMinutes(20));
        app = Accounts.ToSession(await (await api.RefreshAsync(app.RefreshToken)).AssertOkAsync());
        var issued = await (await api.Client.PostAsync("/api/auth/qr", null)).AssertOkAsync(HttpStatusCode.Created);
        var ticketId = issued.GetProperty("ticketId").GetString()!;
        using var appClient = api.AppClient(app.AccessToken);
        await (await appClient.PostAsJsonAsync($"/api/app/qr/{ticketId}/approve", new { app = "taxApp" })).AssertOkAsync(HttpStatusCode.NoContent);
        using var poll = new HttpRequestMessage(HttpMethod.Get, $"/api/auth/qr/{ticketId}");
        poll.Headers.Add("X-Poll-Secret", issued.GetProperty("pollSecret").GetString());

        var session = Accounts.ToSession((await (await api.Client.SendAsync(poll)).AssertOkAsync()).GetProperty("session"));

        Assert.Equal(appExpiresAt, (await api.StoredSessionAsync(session)).ExpiresAt);
    }
}
