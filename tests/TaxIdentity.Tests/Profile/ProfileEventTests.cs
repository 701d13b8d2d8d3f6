using System.Net;
using System.Reflection;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Events;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Profile;

/// <summary>K3: the personal-information changes that matter write their events to the outbox, and the sweep finds every table that holds outbox rows.</summary>
public sealed class ProfileEventTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task PasswordPhoneUsernameAndDeregistrationChanges_EachWriteTheirEvent_WithoutPersonalData()
    {
        var me = await Api.SignedInAsync();
        await (await Api.ChangePasswordAsync(me, new { method = "face", verification = await Api.FaceVerificationAsync(me, "changePassword"), newPassword = ProfileKit.NewPassword }))
            .AssertOkAsync(HttpStatusCode.NoContent);
        var phone = TestData.Phone();
        var phoneId = await Api.AddPhoneAsync(me, phone);
        await (await Api.PostAsync(me.Session, $"/api/me/phones/{phoneId}/default")).AssertOkAsync(HttpStatusCode.NoContent);
        var old = (await Api.PhonesAsync(me)).Single(p => !p.GetProperty("isDefault").GetBoolean()).GetProperty("phoneId").GetString();
        await (await Api.MeAsync(me, HttpMethod.Delete, $"/api/me/phones/{old}", new { verification = await Api.FaceVerificationAsync(me, "deletePhone") }))
            .AssertOkAsync(HttpStatusCode.NoContent);
        var username = SignInKit.Username();
        await (await Api.MeAsync(me, HttpMethod.Put, "/api/me/username", new { username, verification = await Api.FaceVerificationAsync(me, "changeUsername") }))
            .AssertOkAsync(HttpStatusCode.NoContent);
        await (await Api.PostAsync(me.Session, "/api/me/deregistration", new { agreementAccepted = true, verification = await Api.FaceVerificationAsync(me, "deregister") }))
            .AssertOkAsync(HttpStatusCode.NoContent);

        var events = await Api.PersonOutboxAsync(me.Person.PersonId);

        string[] expected = [EventTypes.PasswordChanged, "person.phoneAdded", "person.defaultPhoneChanged", "person.phoneRemoved", "person.usernameChanged", "person.deregistered"];
        Assert.All(expected, type => Assert.Contains(events, row => row.Type == type));
        Assert.All(events, row =>
        {
            Assert.Equal(me.Person.PersonId, row.SubjectId);
            Assert.DoesNotContain(phone, row.Data, StringComparison.Ordinal);
            Assert.DoesNotContain(me.Person.Phone, row.Data, StringComparison.Ordinal);
            Assert.DoesNotContain(me.Person.IdNumber, row.Data, StringComparison.Ordinal);
            Assert.DoesNotContain(username, row.Data, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task OutboxSweep_CoversEveryTableThatHoldsOutboxRows()
    {
        var me = await Api.SignedInAsync();
        await Api.AddPhoneAsync(me, TestData.Phone());
        await Api.AddHandlerAsync(await Api.EnterpriseWithManagerAsync());

        var store = Api.Services.GetRequiredService<TableStore>();
        var tables = typeof(TableNames).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (string)field.GetValue(null)!).ToList();
        var holding = new List<string>();
        foreach (var name in tables)
        {
            var table = await store.GetTableAsync(name);
            await foreach (var _ in table.QueryAsync<TableEntity>(OutboxEntity.Anywhere(), maxPerPage: 1))
            {
                holding.Add(name);
                break;
            }
        }

        Assert.Contains(TableNames.Persons, holding);
        Assert.All(holding, name => Assert.Contains(name, OutboxSweep.Tables));
    }
}
