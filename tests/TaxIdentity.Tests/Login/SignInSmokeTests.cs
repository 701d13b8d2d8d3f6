using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

public sealed class SignInSmokeTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task RegisteredLegalRepresentative_LogsIntoTheEnterprise_AsLegalRepresentative()
    {
        var person = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(person);

        var session = await Api.EnterpriseLoginAsync(person, code);

        var current = session.Body.GetProperty("current");
        Assert.Equal("enterprise", current.GetProperty("kind").GetString());
        Assert.Equal(enterpriseId, current.GetProperty("enterpriseId").GetString());
        Assert.Equal("legalRepresentative", current.GetProperty("identityType").GetString());
        Assert.DoesNotContain(code, current.GetProperty("creditCode").GetString(), StringComparison.Ordinal);
        using var client = Api.WithToken(session.AccessToken);
        var identities = await (await client.GetAsync("/api/me/identities")).AssertOkAsync();
        Assert.Equal(2, identities.GetArrayLength());
    }
}
