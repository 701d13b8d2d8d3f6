using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Agreement;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>A9: an existing household migrated from the old system must accept the current agreement before anything else works.</summary>
public sealed class AgreementReSignTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private string CurrentVersion => Api.Services.GetRequiredService<AgreementPolicy>().Version;

    [Fact]
    public async Task ExistingHousehold_MustAcceptTheCurrentAgreement_BeforeAnythingElseWorks()
    {
        var person = await ExistingHouseholdAsync();

        var session = await Api.PersonalLoginAsync(person);
        using var client = Api.WithToken(session.AccessToken);

        Assert.True(session.Body.GetProperty("agreementRequired").GetBoolean());
        await (await client.GetAsync("/api/me/identities")).AssertProblemAsync(HttpStatusCode.Forbidden, "agreement_required");
        await (await client.PostAsJsonAsync("/api/auth/switch", new { kind = "personal" })).AssertProblemAsync(HttpStatusCode.Forbidden, "agreement_required");
        await (await client.PostAsJsonAsync("/api/verifications/face", new { purpose = "changePassword" })).AssertProblemAsync(HttpStatusCode.Forbidden, "agreement_required");
        var agreement = await (await client.GetAsync("/api/me/agreement")).AssertOkAsync();
        Assert.True(agreement.GetProperty("required").GetBoolean());
        var version = agreement.GetProperty("version").GetString();
        Assert.Equal(CurrentVersion, version);
        Assert.False(string.IsNullOrEmpty(agreement.GetProperty("text").GetString()));

        await (await client.PostAsJsonAsync("/api/me/agreement", new { version = "1999-01" })).AssertFieldErrorAsync("version");
        await (await client.GetAsync("/api/me/identities")).AssertProblemAsync(HttpStatusCode.Forbidden, "agreement_required");
        await (await client.PostAsJsonAsync("/api/me/agreement", new { version })).AssertOkAsync(HttpStatusCode.NoContent);

        await (await client.GetAsync("/api/me/identities")).AssertOkAsync();
        Assert.False((await (await client.GetAsync("/api/me/agreement")).AssertOkAsync()).GetProperty("required").GetBoolean());
        Assert.Equal(version, (await Api.StoredPersonAsync(person.PersonId)).AgreementVersion);
    }

    [Fact]
    public async Task ExistingHousehold_AfterAccepting_LogsInWithoutTheAgreement()
    {
        var person = await ExistingHouseholdAsync();
        var first = await Api.PersonalLoginAsync(person);
        using var client = Api.WithToken(first.AccessToken);
        await (await client.PostAsJsonAsync("/api/me/agreement", new { version = CurrentVersion })).AssertOkAsync(HttpStatusCode.NoContent);

        var second = await Api.PersonalLoginAsync(person);

        Assert.False(second.Body.GetProperty("agreementRequired").GetBoolean());
    }

    [Fact]
    public async Task ExistingHousehold_MayLogOutBeforeAccepting()
    {
        var person = await ExistingHouseholdAsync();
        var session = await Api.PersonalLoginAsync(person);
        using var client = Api.WithToken(session.AccessToken);

        await (await client.PostAsync("/api/auth/logout", null)).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.True((await Api.StoredSessionAsync(session)).Revoked);
    }

    [Fact]
    public async Task NewlyRegisteredPerson_NeedsNoAgreement()
    {
        var person = await Api.RegisterAsync();

        var session = await Api.PersonalLoginAsync(person);

        Assert.False(session.Body.GetProperty("agreementRequired").GetBoolean());
        await (await Api.GetWithTokenAsync(session.AccessToken, "/api/me/identities")).AssertOkAsync();
    }

    /// <summary>The tax office pre-provisions an existing household; the person then registers with the same name and ID.</summary>
    private async Task<TestPerson> ExistingHouseholdAsync()
    {
        var name = "次仁" + Guid.NewGuid().ToString("N")[..4];
        var idNumber = TestData.ResidentId();
        await (await Api.Operator.PutJsonAsync(
            $"/api/operator/persons/residentIdCard/{idNumber}",
            new { name, phone = TestData.Phone(), existingHousehold = true, realNameLevel = 2 })).AssertOkAsync();
        var person = await Api.RegisterAsync(name, idNumber);
        var stored = await Api.StoredPersonAsync(person.PersonId);
        Assert.True(stored.ExistingHousehold);
        Assert.Null(stored.AgreementVersion);
        return person;
    }
}
