using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Sessions;

/// <summary>A11: a session left idle ends; a person who is no longer active can't refresh.</summary>
public sealed class SessionLifetimeTests(ClockedApiFixture fixture) : IClassFixture<ClockedApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task Refresh_AfterTheIdleLimit_IsRefused_AndEndsTheSession()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);

        fixture.Clock.Advance(TimeSpan.FromMinutes(31));

        await (await Api.RefreshAsync(session.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        var stored = await Api.StoredSessionAsync(session);
        Assert.True(stored.Revoked);
        Assert.Equal("idle", stored.RevokedReason);
    }

    [Fact]
    public async Task Refresh_WithinTheIdleLimit_KeepsTheSessionGoing_PastTheLimitCountedFromSignIn()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);

        fixture.Clock.Advance(TimeSpan.FromMinutes(25));
        var refreshed = Accounts.ToSession(await (await Api.RefreshAsync(session.RefreshToken)).AssertOkAsync());
        fixture.Clock.Advance(TimeSpan.FromMinutes(25));

        await (await Api.RefreshAsync(refreshed.RefreshToken)).AssertOkAsync();
        Assert.False((await Api.StoredSessionAsync(session)).Revoked);
    }

    [Theory]
    [InlineData(PersonStatus.Deregistered)]
    [InlineData(PersonStatus.Provisioned)]
    public async Task Refresh_ForAPersonNoLongerActive_IsRefused(PersonStatus status)
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        var before = await Api.StoredSessionAsync(session);
        var persons = Api.Services.GetRequiredService<PersonDirectory>();

        // Only the status changes: the security stamp stays, so the status check alone must refuse.
        await persons.UpdateAsync(await Api.StoredPersonAsync(person.PersonId), stored =>
        {
            stored.Status = status.ToText();
            return true;
        }, default);

        await (await Api.RefreshAsync(session.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(before.RefreshHash, (await Api.StoredSessionAsync(session)).RefreshHash);
    }
}
