using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Sessions;

/// <summary>H1-H3: switching the session to another enterprise, another role, personal business, or a cross-region item.</summary>
public sealed class IdentitySwitchTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task Switch_ToAnotherEnterpriseWhereThePersonHoldsAnIdentity_MakesItCurrent()
    {
        var person = await Api.RegisterAsync();
        var officer = await Api.RegisterAsync();
        var (firstCode, _) = await Api.EnterpriseOfAsync(person);
        var (_, secondId) = await Api.EnterpriseOfAsync(officer, person);
        var session = await Api.EnterpriseLoginAsync(person, firstCode);

        var switched = await SwitchAsync(session, new { kind = "enterprise", enterpriseId = secondId });

        var body = await switched.AssertOkAsync();
        var current = body.GetProperty("current");
        Assert.Equal("enterprise", current.GetProperty("kind").GetString());
        Assert.Equal(secondId, current.GetProperty("enterpriseId").GetString());
        Assert.Equal("financialOfficer", current.GetProperty("identityType").GetString());
        Assert.Contains("*", current.GetProperty("enterpriseName").GetString(), StringComparison.Ordinal);
        var stored = await Api.StoredSessionAsync(session);
        Assert.Equal(secondId, stored.EnterpriseId);
        Assert.Equal("financialOfficer", stored.IdentityType);
        await (await Api.GetWithTokenAsync(body.GetProperty("accessToken").GetString()!, "/api/me/identities")).AssertOkAsync();
    }

    [Fact]
    public async Task Switch_ToPersonal_MakesThePersonalIdentityCurrent()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person);
        var session = await Api.EnterpriseLoginAsync(person, code);

        var switched = await SwitchAsync(session, new { kind = "personal" });

        var current = (await switched.AssertOkAsync()).GetProperty("current");
        Assert.Equal("personal", current.GetProperty("kind").GetString());
        var stored = await Api.StoredSessionAsync(session);
        Assert.Equal("personal", stored.Kind);
        Assert.Null(stored.EnterpriseId);
        Assert.Null(stored.IdentityType);
    }

    [Fact]
    public async Task Switch_FromPersonal_IntoAnEnterprise_Works()
    {
        var person = await Api.RegisterAsync();
        var (_, enterpriseId) = await Api.EnterpriseOfAsync(person);
        var session = await Api.PersonalLoginAsync(person);

        var switched = await SwitchAsync(session, new { kind = "enterprise", enterpriseId });

        var current = (await switched.AssertOkAsync()).GetProperty("current");
        Assert.Equal(enterpriseId, current.GetProperty("enterpriseId").GetString());
        Assert.Equal("legalRepresentative", current.GetProperty("identityType").GetString());
    }

    [Fact]
    public async Task Switch_ToAnotherRoleInTheSameEnterprise_MakesThatRoleCurrent()
    {
        var person = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(person, person);
        var session = await Api.EnterpriseLoginAsync(person, code);
        Assert.Equal("legalRepresentative", session.Body.GetProperty("current").GetProperty("identityType").GetString());

        var switched = await SwitchAsync(session, new { kind = "enterprise", enterpriseId, identityType = "financialOfficer" });

        var current = (await switched.AssertOkAsync()).GetProperty("current");
        Assert.Equal(enterpriseId, current.GetProperty("enterpriseId").GetString());
        Assert.Equal("financialOfficer", current.GetProperty("identityType").GetString());
        Assert.Equal("financialOfficer", (await Api.StoredSessionAsync(session)).IdentityType);
    }

    [Fact]
    public async Task Switch_ToAnEnterpriseWhereThePersonHoldsNothing_IsNotFound()
    {
        var person = await Api.RegisterAsync();
        var stranger = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(person);
        var (_, foreignId) = await Api.EnterpriseOfAsync(stranger);
        var session = await Api.EnterpriseLoginAsync(person, code);

        var response = await SwitchAsync(session, new { kind = "enterprise", enterpriseId = foreignId });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(enterpriseId, (await Api.StoredSessionAsync(session)).EnterpriseId);
    }

    [Fact]
    public async Task Switch_ToAnUnknownEnterprise_IsNotFound()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);

        var response = await SwitchAsync(session, new { kind = "enterprise", enterpriseId = Guid.NewGuid().ToString("N") });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Switch_ToARoleNotHeldInTheEnterprise_IsNotFound()
    {
        var person = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(person);
        var session = await Api.EnterpriseLoginAsync(person, code);

        var response = await SwitchAsync(session, new { kind = "enterprise", enterpriseId, identityType = "financialOfficer" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("legalRepresentative", (await Api.StoredSessionAsync(session)).IdentityType);
    }

    [Fact]
    public async Task Switch_WithoutKind_IsAValidationError()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);

        var response = await SwitchAsync(session, new { enterpriseId = "x" });

        await response.AssertFieldErrorAsync("kind");
    }

    [Fact]
    public async Task Switch_ToEnterpriseWithoutEnterpriseId_IsAValidationError()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);

        var response = await SwitchAsync(session, new { kind = "enterprise" });

        await response.AssertFieldErrorAsync("enterpriseId");
    }

    [Fact]
    public async Task Switch_WithoutAToken_IsUnauthenticated()
    {
        var response = await Api.Client.PostAsJsonAsync("/api/auth/switch", new { kind = "personal" });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Switch_RotatesTheRefreshToken()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person);
        var session = await Api.EnterpriseLoginAsync(person, code);

        var switched = Accounts.ToSession(await (await SwitchAsync(session, new { kind = "personal" })).AssertOkAsync());

        Assert.NotEqual(session.RefreshToken, switched.RefreshToken);
        var refreshed = await (await Api.RefreshAsync(switched.RefreshToken)).AssertOkAsync();
        Assert.Equal("personal", refreshed.GetProperty("current").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Switch_IntoTheSampleInspectionItem_MakesTheItemCurrent()
    {
        var person = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(person);
        var itemId = await SampleItemAsync("BY-2026-0001", code);
        var session = await Api.EnterpriseLoginAsync(person, code);

        var switched = await SwitchAsync(session, new { kind = "crossRegionInspection", itemId });

        var body = await switched.AssertOkAsync();
        var current = body.GetProperty("current");
        Assert.Equal("crossRegionInspection", current.GetProperty("kind").GetString());
        Assert.Equal(itemId, current.GetProperty("itemId").GetString());
        Assert.Equal(enterpriseId, current.GetProperty("enterpriseId").GetString());
        Assert.Equal("legalRepresentative", current.GetProperty("identityType").GetString());
        var stored = await Api.StoredSessionAsync(session);
        Assert.Equal(("crossRegionInspection", enterpriseId, itemId), (stored.Kind, stored.EnterpriseId, stored.ItemId));
        await (await Api.GetWithTokenAsync(body.GetProperty("accessToken").GetString()!, "/api/me/identities")).AssertOkAsync();
    }

    [Fact]
    public async Task Switch_IntoATaxSourceItemAsAnInspection_IsNotFound()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person);
        var itemId = await SampleItemAsync("SY-2026-0001", code);
        var session = await Api.EnterpriseLoginAsync(person, code);

        var response = await SwitchAsync(session, new { kind = "crossRegionInspection", itemId });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("enterprise", (await Api.StoredSessionAsync(session)).Kind);
    }

    /// <summary>Provisions a sample cross-region item (samples/api) for the enterprise, under an item ID of this test's own.</summary>
    private async Task<string> SampleItemAsync(string sample, string creditCode)
    {
        var path = Path.Combine(Azurite.RepositoryRoot(), "samples", "api", "operator", "cross-region", "items", sample + ".json");
        var item = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        item["creditCode"] = creditCode;
        var itemId = $"{sample}-{Guid.NewGuid():N}"[..24];
        await (await Api.Operator.PutJsonAsync($"/api/operator/cross-region/items/{itemId}", item)).AssertOkAsync();
        return itemId;
    }

    private async Task<HttpResponseMessage> SwitchAsync(TestSession session, object body)
    {
        using var client = Api.WithToken(session.AccessToken);
        return await client.PostAsJsonAsync("/api/auth/switch", body);
    }
}
