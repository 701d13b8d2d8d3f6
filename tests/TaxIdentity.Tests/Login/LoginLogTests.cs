using System.Net;
using TaxIdentity.Core.Login;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Login;

/// <summary>A13: every login attempt, success or failure, is recorded under the person and the enterprise, newest first.</summary>
public sealed class LoginLogTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task EnterpriseLogins_SuccessAndFailure_AreLoggedUnderThePersonAndTheEnterprise_NewestFirst()
    {
        var person = await Api.RegisterAsync();
        var (creditCode, enterpriseId) = await Api.EnterpriseOfAsync(person);

        var failed = await Api.LoginFromAsync(
            SignInKit.EnterpriseFields(creditCode, person.Phone, SignInKit.WrongPassword), "203.0.113.41", "TaxTest/1.0 (failed)");
        await failed.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var succeeded = await Api.LoginFromAsync(
            SignInKit.EnterpriseFields(creditCode, person.Phone, person.Password), "203.0.113.42", "TaxTest/1.0 (succeeded)");
        await succeeded.AssertOkAsync();

        var byPerson = await Api.LoginLogsAsync(LoginLogEntity.PersonPartition(person.PersonId));
        var byEnterprise = await Api.LoginLogsAsync(LoginLogEntity.EnterprisePartition(enterpriseId));
        foreach (var rows in new[] { byPerson, byEnterprise })
        {
            Assert.Equal(2, rows.Count);
            var (newest, oldest) = (rows[0], rows[1]);
            Assert.True(newest.At >= oldest.At);

            Assert.Equal("success", newest.Outcome);
            Assert.Equal("enterprise", newest.LoginType);
            Assert.Equal("password", newest.Method);
            Assert.Equal(person.PersonId, newest.PersonId);
            Assert.Equal(person.Name, newest.PersonName);
            Assert.Equal(enterpriseId, newest.EnterpriseId);
            Assert.Equal("legalRepresentative", newest.IdentityType);
            Assert.Equal("203.0.113.42", newest.Ip);
            Assert.Equal("TaxTest/1.0 (succeeded)", newest.UserAgent);
            Assert.Null(newest.FailureReason);

            Assert.Equal("failure", oldest.Outcome);
            Assert.Equal("enterprise", oldest.LoginType);
            Assert.Equal("password", oldest.Method);
            Assert.Equal(person.PersonId, oldest.PersonId);
            Assert.Equal(enterpriseId, oldest.EnterpriseId);
            Assert.Equal("203.0.113.41", oldest.Ip);
            Assert.Equal("TaxTest/1.0 (failed)", oldest.UserAgent);
            Assert.Equal("wrongPassword", oldest.FailureReason);
        }

        Assert.Equal(byPerson.Select(row => row.RowKey), byEnterprise.Select(row => row.RowKey));
    }

    [Fact]
    public async Task PersonalLogin_IsLoggedUnderThePersonOnly()
    {
        var person = await Api.RegisterAsync();
        var (_, enterpriseId) = await Api.EnterpriseOfAsync(person);

        await (await Api.LoginFromAsync(SignInKit.PersonalFields(person.Phone, person.Password), "198.51.100.77", "TaxTest/personal")).AssertOkAsync();

        var row = Assert.Single(await Api.LoginLogsAsync(LoginLogEntity.PersonPartition(person.PersonId)));
        Assert.Equal("personal", row.LoginType);
        Assert.Equal("password", row.Method);
        Assert.Equal("success", row.Outcome);
        Assert.Null(row.EnterpriseId);
        Assert.Equal("198.51.100.77", row.Ip);
        Assert.Equal("TaxTest/personal", row.UserAgent);
        Assert.Empty(await Api.LoginLogsAsync(LoginLogEntity.EnterprisePartition(enterpriseId)));
    }

    [Fact]
    public async Task FailedLogins_OfOutsiders_AreNotInTheEnterpriseLog_ButInTheirOwn()
    {
        var owner = await Api.RegisterAsync();
        var outsider = await Api.RegisterAsync();
        var (creditCode, enterpriseId) = await Api.EnterpriseOfAsync(owner);

        await (await Api.EnterprisePasswordAsync(outsider, creditCode)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await Api.EnterprisePasswordAsync(outsider, creditCode, SignInKit.WrongPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await Api.LoginFromAsync(SignInKit.EnterpriseFields(creditCode, TestData.Phone(), Accounts.Password)))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await Api.EnterprisePasswordAsync(owner, creditCode, SignInKit.WrongPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        var byOutsider = await Api.LoginLogsAsync(LoginLogEntity.PersonPartition(outsider.PersonId));
        Assert.Equal(["wrongPassword", "noIdentity"], byOutsider.Select(row => row.FailureReason));
        Assert.All(byOutsider, row => Assert.Equal(enterpriseId, row.EnterpriseId));
        var byEnterprise = Assert.Single(await Api.LoginLogsAsync(LoginLogEntity.EnterprisePartition(enterpriseId)));
        Assert.Equal(owner.PersonId, byEnterprise.PersonId);
        Assert.Equal("wrongPassword", byEnterprise.FailureReason);
    }

    [Fact]
    public async Task ManyAttempts_ComeBackNewestFirst_FromOnePartitionQuery()
    {
        var person = await Api.RegisterAsync();
        var (creditCode, _) = await Api.EnterpriseOfAsync(person);
        var agents = Enumerable.Range(1, 4).Select(n => $"TaxTest/order-{n}").ToList();

        foreach (var agent in agents)
        {
            await Api.LoginFromAsync(SignInKit.EnterpriseFields(creditCode, person.Phone, person.Password), "198.51.100.90", agent);
        }

        var rows = await Api.LoginLogsAsync(LoginLogEntity.PersonPartition(person.PersonId));
        Assert.Equal(Enumerable.Reverse(agents), rows.Select(row => row.UserAgent));
        Assert.Equal(rows.OrderByDescending(row => row.At).Select(row => row.RowKey), rows.Select(row => row.RowKey));
    }
}
