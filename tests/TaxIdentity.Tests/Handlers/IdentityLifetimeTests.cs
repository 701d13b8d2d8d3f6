using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Handlers;

/// <summary>A11, D8, J1: every enterprise request checks that the session's identity still exists and is within its validity.</summary>
public sealed class IdentityLifetimeTests
{
    [Fact]
    public async Task AnIdentityPastItsValidityEnd_StopsWorkingOnTheNextRequest_WithoutAnyTimer()
    {
        // 23:55 in the bureau's time zone (UTC+8), yesterday: the validity end falls five minutes later, well within
        // the access token's lifetime.
        var clock = new FakeTimeProvider(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1).AddHours(15).AddMinutes(55), TimeSpan.Zero));
        await using var api = await ApiHost.StartAsync(services: services => services.AddSingleton<TimeProvider>(clock));
        var enterprise = await api.EnterpriseWithManagerAsync();
        var person = await api.AddHandlerAsync(enterprise, validUntil: api.InDays(0));
        var session = await api.EnterpriseLoginAsync(person, enterprise.CreditCode, "taxClerk");
        await (await api.GetAsync(session, "/api/me/identities")).AssertOkAsync();

        clock.Advance(TimeSpan.FromMinutes(10));

        await (await api.GetAsync(session, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await api.RefreshAsync(session.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        var login = await api.LoginAsync(SignInKit.EnterpriseFields(enterprise.CreditCode, person.Phone, person.Password, "taxClerk"));
        await login.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await api.GetAsync(enterprise.Manager, "/api/me/identities")).AssertOkAsync();
    }

    [Fact]
    public async Task ReplacingTheLegalRepresentative_EndsTheFormerHoldersIdentityAtOnce_AndLeavesHistory()
    {
        await using var api = await ApiHost.StartAsync();
        var enterprise = await api.EnterpriseWithManagerAsync();
        var successor = await api.RegisterAsync();
        var body = TestData.Enterprise(new { name = successor.Name, idType = "residentIdCard", idNumber = successor.IdNumber });

        await (await api.Operator.PutJsonAsync($"/api/operator/enterprises/{enterprise.CreditCode}", body)).AssertOkAsync();

        await (await api.GetAsync(enterprise.Manager, "/api/me/identities")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        var newManager = await api.EnterpriseLoginAsync(successor, enterprise.CreditCode);
        var record = Assert.Single(await api.HistoryAsync(newManager, "?identityType=legalRepresentative"));
        Assert.Equal("deleted", record.GetProperty("kind").GetString());
        Assert.Equal("handler", record.GetProperty("source").GetString());
        var formerLogin = await api.LoginAsync(SignInKit.EnterpriseFields(enterprise.CreditCode, enterprise.LegalRepresentative.Phone, enterprise.LegalRepresentative.Password));
        await formerLogin.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task APersonalSession_IsNotAffectedByTheIdentityCheck()
    {
        await using var api = await ApiHost.StartAsync();
        var enterprise = await api.EnterpriseWithManagerAsync();
        var personal = await api.PersonalLoginAsync(enterprise.LegalRepresentative);

        await (await api.Operator.PutJsonAsync($"/api/operator/enterprises/{enterprise.CreditCode}",
            TestData.Enterprise(TestData.Person("新法人")))).AssertOkAsync();

        await (await api.GetAsync(personal, "/api/me/identities")).AssertOkAsync();
    }
}
