using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>Storage round trips per endpoint stay within the budgets the README documents.</summary>
public sealed class StorageBudgetTests(OwnApiFixture fixture) : IClassFixture<OwnApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static int CallsOf(HttpResponseMessage response) => int.Parse(response.Headers.GetValues(HttpEndpoint.StorageCallsHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task PersonalLogin_CostsAtMostThirteenStorageCalls()
    {
        var person = await Api.RegisterAsync();
        await Api.PersonalLoginAsync(person);

        var response = await Api.LoginAsync(new Dictionary<string, object?> { ["mode"] = "personal", ["account"] = person.IdNumber, ["password"] = person.Password });

        await response.AssertOkAsync();
        Assert.InRange(CallsOf(response), 1, 13);
    }

    [Fact]
    public async Task EnterpriseLogin_CostsAtMostEighteenStorageCalls_TheChosenIdentityCheckedAgainstItsTruth()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person);
        await Api.EnterpriseLoginAsync(person, code);

        var response = await Api.LoginAsync(new Dictionary<string, object?> { ["mode"] = "enterprise", ["creditCode"] = code, ["account"] = person.Phone, ["password"] = person.Password });

        await response.AssertOkAsync();
        Assert.InRange(CallsOf(response), 1, 18);
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

    [Fact]
    public async Task FailedPasswordLogins_CostTheSameStorageCalls_ForAnUnknownAccountAWrongPasswordAndALockedAccount()
    {
        var person = await Api.RegisterAsync();
        var locked = await Api.RegisterAsync();
        var (code, enterpriseId) = await Api.EnterpriseOfAsync(person);
        await Api.GrantAsync(enterpriseId, locked.PersonId, Core.Catalog.IdentityType.TaxClerk);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await (await Api.EnterprisePasswordAsync(locked, code, SignInKit.WrongPassword)).AssertProblemAsync(System.Net.HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        foreach (var fields in new Func<string, string, Dictionary<string, object?>>[]
        {
            SignInKit.PersonalFields,
            (account, password) => SignInKit.EnterpriseFields(code, account, password),
        })
        {
            var unknown = await Api.LoginFromAsync(fields(TestData.Phone(), Accounts.Password));
            var wrongPassword = await Api.LoginFromAsync(fields(person.Phone, SignInKit.WrongPassword));
            var lockedAccount = await Api.LoginFromAsync(fields(locked.Phone, locked.Password));

            foreach (var response in new[] { unknown, wrongPassword, lockedAccount })
            {
                await response.AssertProblemAsync(System.Net.HttpStatusCode.Unauthorized, "invalid_credentials");
            }

            Assert.Equal(CallsOf(wrongPassword), CallsOf(unknown));
            Assert.Equal(CallsOf(wrongPassword), CallsOf(lockedAccount));
        }
    }

    [Fact]
    public async Task AuthenticatedEnterpriseRead_AlsoReadsTheCurrentIdentity_ThreeStorageCallsBeforeItsOwnWork()
    {
        var person = await Api.RegisterAsync();
        var (code, _) = await Api.EnterpriseOfAsync(person);
        var session = await Api.EnterpriseLoginAsync(person, code);
        using var client = Api.WithToken(session.AccessToken);

        var response = await client.GetAsync("/api/me/agreement");

        await response.AssertOkAsync();
        Assert.Equal(3, CallsOf(response));
    }
}
