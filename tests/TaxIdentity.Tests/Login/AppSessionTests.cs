using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>
/// A7 (revision of 2026-12-07): only an app session approves a QR login: one whose login request carried a valid
/// X-App-Key. A web session, or a session itself made by QR, gets 403, so QR sessions never chain past a logout.
/// </summary>
public sealed class AppSessionTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task QrApproval_FromAWebSession_IsForbidden_AndTheTicketStaysPending()
    {
        var person = await Api.RegisterAsync();
        var web = await Api.PersonalLoginAsync(person);
        var ticket = await IssueAsync();

        var response = await ApproveAsync(web.AccessToken, ticket.TicketId);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("pending", (await PollAsync(ticket)).GetProperty("status").GetString());
        Assert.Equal("web", (await Api.StoredSessionAsync(web)).Client);
    }

    [Fact]
    public async Task QrApproval_FromASessionMadeByQr_IsForbidden_SoSessionsNeverChain()
    {
        var person = await Api.RegisterAsync();
        var app = await Api.AppLoginAsync(person);
        var first = await IssueAsync();
        await (await ApproveAsync(app.AccessToken, first.TicketId)).AssertOkAsync(HttpStatusCode.NoContent);
        var qrSession = Accounts.ToSession((await PollAsync(first)).GetProperty("session"));
        var second = await IssueAsync();

        var response = await ApproveAsync(qrSession.AccessToken, second.TicketId);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("pending", (await PollAsync(second)).GetProperty("status").GetString());
        Assert.Equal("web", qrSession.Body.GetProperty("client").GetString());
    }

    [Fact]
    public async Task Session_SaysWhichClientSignedIn_AndKeepsItAcrossRefreshes()
    {
        var person = await Api.RegisterAsync();

        var app = await Api.AppLoginAsync(person);
        var web = await Api.PersonalLoginAsync(person);
        var refreshed = await (await Api.RefreshAsync(app.RefreshToken)).AssertOkAsync();

        Assert.Equal("app", app.Body.GetProperty("client").GetString());
        Assert.Equal("web", web.Body.GetProperty("client").GetString());
        Assert.Equal("app", refreshed.GetProperty("client").GetString());
        Assert.Equal("app", (await Api.StoredSessionAsync(app)).Client);
    }

    [Fact]
    public async Task SmsLogin_WithTheAppKey_IsAnAppSession_ThatApprovesQrLogins()
    {
        var person = await Api.RegisterAsync();
        var verificationId = await Api.SendCodeAsync(new { purpose = "login", account = person.Phone });
        var code = await Api.LatestCodeAsync(person.Phone);
        using var appClient = Api.NewClient();
        appClient.DefaultRequestHeaders.Add("X-App-Key", ApiHost.AppKey);
        var session = Accounts.ToSession(await (await appClient.PostAsJsonAsync("/api/auth/login/sms",
            new { mode = "personal", account = person.Phone, verification = new { verificationId, code } })).AssertOkAsync());
        var ticket = await IssueAsync();

        await (await ApproveAsync(session.AccessToken, ticket.TicketId)).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal("app", session.Body.GetProperty("client").GetString());
    }

    [Fact]
    public async Task Login_WithAWrongAppKey_IsUnauthenticated_AndStartsNoSession()
    {
        var person = await Api.RegisterAsync();
        using var client = Api.NewClient();
        client.DefaultRequestHeaders.Add("X-App-Key", ApiHost.AppKey + "x");

        var response = await client.PostAsJsonAsync("/api/auth/login", new Dictionary<string, object?>
        {
            ["mode"] = "personal",
            ["account"] = person.Phone,
            ["password"] = person.Password,
            ["captcha"] = await Api.CaptchaAsync(),
        });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Empty(await Api.LoginLogsAsync(Core.Login.LoginLogEntity.PersonPartition(person.PersonId)));
    }

    private async Task<(string TicketId, string PollSecret)> IssueAsync()
    {
        var issued = await (await Api.Client.PostAsync("/api/auth/qr", null)).AssertOkAsync(HttpStatusCode.Created);
        return (issued.GetProperty("ticketId").GetString()!, issued.GetProperty("pollSecret").GetString()!);
    }

    private async Task<JsonElement> PollAsync((string TicketId, string PollSecret) ticket)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/auth/qr/{ticket.TicketId}");
        request.Headers.Add("X-Poll-Secret", ticket.PollSecret);
        return await (await Api.Client.SendAsync(request)).AssertOkAsync();
    }

    private async Task<HttpResponseMessage> ApproveAsync(string accessToken, string ticketId)
    {
        using var app = Api.AppClient(accessToken);
        return await app.PostAsJsonAsync($"/api/app/qr/{ticketId}/approve", new { app = "taxApp" });
    }
}
