using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>Storage round trips per endpoint stay within the budgets the README documents.</summary>
public sealed class StorageBudgetTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static int CallsOf(HttpResponseMessage response) => int.Parse(response.Headers.GetValues(HttpEndpoint.StorageCallsHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task PersonalLogin_CostsAtMostNineStorageCalls()
    {
        var person = await Api.RegisterAsync();
        await Api.PersonalLoginAsync(person);

        var response = await Api.LoginAsync(new Dictionary<string, object?> { ["mode"] = "personal", ["account"] = person.IdNumber, ["password"] = person.Password });

        await response.AssertOkAsync();
        Assert.InRange(CallsOf(response), 1, 9);
    }

    [Fact]
    public async Task EnterpriseLogin_CostsAtMostThirteenStorageCalls()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person);
        await Api.EnterpriseLoginAsync(person, code);

        var response = await Api.LoginAsync(new Dictionary<string, object?> { ["mode"] = "enterprise", ["creditCode"] = code, ["account"] = person.Phone, ["password"] = person.Password });

        await response.AssertOkAsync();
        Assert.InRange(CallsOf(response), 1, 13);
    }

    [Fact]
    public async Task AuthenticatedRead_CostsTwoStorageCallsBeforeItsOwnWork()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        using var client = Api.WithToken(session.AccessToken);

        var response = await client.GetAsync("/api/me/agreement");

        await response.AssertOkAsync();
        Assert.Equal(2, CallsOf(response));
    }
}
