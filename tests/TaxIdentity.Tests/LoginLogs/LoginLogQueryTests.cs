using System.Globalization;
using System.Net;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Login;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using static TaxIdentity.Tests.LoginLogs.LoginLogKit;

namespace TaxIdentity.Tests.LoginLogs;

/// <summary>
/// I1 (a manager holding loginLogs reads the enterprise's login log) and I2 (a person reads their own): filters, the
/// last 30 days by default, newest first, pages joined by continuation tokens that belong to one query of one partition.
/// </summary>
public sealed class LoginLogQueryTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string EnterpriseLogs = "/api/enterprise/login-logs";
    private const string MyLogs = "/api/me/login-logs";

    private ApiHost Api => fixture.Host;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task EnterpriseLogs_WithoutATimeRange_ShowTheLast30Days_NewestFirst()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var partition = LoginLogEntity.EnterprisePartition(enterprise.EnterpriseId);
        await Api.SeedAsync(
        [
            Row(partition, Now.AddDays(-31), Ip(3)),
            Row(partition, Now.AddHours(-1), Ip(1)),
            Row(partition, Now.AddDays(-29), Ip(2)),
        ]);

        var items = (await Api.PageAsync(enterprise.Manager, EnterpriseLogs)).GetProperty("items").EnumerateArray().ToList();

        // The manager's own login (just now) comes first, then the seeded rows of the last 30 days, newest first.
        Assert.Equal([Ip(1), Ip(2)], Ips(items).Where(ip => ip.StartsWith("198.51.100.", StringComparison.Ordinal)));
        Assert.Equal(3, items.Count);
        Assert.Equal("password", items[0].GetProperty("method").GetString());
        Assert.Equal("legalRepresentative", items[0].GetProperty("identityType").GetString());
        var times = items.Select(item => item.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(at => at), times);
    }

    [Fact]
    public async Task EnterpriseLogs_PagedByContinuationTokens_ComeWithoutRepeatsOrGaps()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var partition = LoginLogEntity.EnterprisePartition(enterprise.EnterpriseId);
        await Api.SeedAsync(Enumerable.Range(1, 25).Select(n => Row(partition, Now.AddMinutes(-n), Ip(n))));

        var (items, pages) = await Api.AllPagesAsync(enterprise.Manager, EnterpriseLogs + "?pageSize=10");

        Assert.Equal(3, pages);
        Assert.Equal(26, items.Count);
        Assert.Equal(Enumerable.Range(1, 25).Select(Ip), Ips(items).Skip(1));
        Assert.Equal(26, Ips(items).Distinct().Count());
    }

    [Fact]
    public async Task EnterpriseLogs_Filters_Combine()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var partition = LoginLogEntity.EnterprisePartition(enterprise.EnterpriseId);
        await Api.SeedAsync(
        [
            Row(partition, Now.AddHours(-2), Ip(1), personName: "王小明"),
            Row(partition, Now.AddHours(-2), Ip(2), loginType: "agency", personName: "王小明"),
            Row(partition, Now.AddHours(-2), Ip(3), identityType: "administrator", personName: "王小明"),
            Row(partition, Now.AddHours(-2), Ip(4), personName: "李四"),
            Row(partition, Now.AddHours(-5), Ip(5), personName: "张小明"),
            Row(partition, Now.AddMinutes(-90), Ip(6), personName: "小明"),
        ]);

        var query = $"?loginType=enterprise&identityType=taxClerk&name=小明&from={Instant(Now.AddHours(-3))}&to={Instant(Now.AddHours(-1))}";
        var (items, _) = await Api.AllPagesAsync(enterprise.Manager, EnterpriseLogs + query);

        Assert.Equal([Ip(6), Ip(1)], Ips(items));
        var (agency, _) = await Api.AllPagesAsync(enterprise.Manager, EnterpriseLogs + "?loginType=agency");
        Assert.Equal([Ip(2)], Ips(agency));
        var (administrators, _) = await Api.AllPagesAsync(enterprise.Manager, EnterpriseLogs + "?identityType=administrator");
        Assert.Equal([Ip(3)], Ips(administrators));
    }

    [Fact]
    public async Task EnterpriseLogs_ByFuzzyName_ReadAtMostAThousandRowsARequest_AndGoOnFromThere()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var partition = LoginLogEntity.EnterprisePartition(enterprise.EnterpriseId);
        await Api.SeedAsync(Enumerable.Range(1, 1200).Select(n => Row(partition, Now.AddSeconds(-n), Ip(n % 250), personName: n == 1100 ? "格桑卓嘎" : "李四")));

        var first = await Api.PageAsync(enterprise.Manager, EnterpriseLogs + "?name=卓嘎");

        Assert.Empty(first.GetProperty("items").EnumerateArray());
        var (rest, pages) = await Api.AllPagesAsync(enterprise.Manager, WithContinuation(EnterpriseLogs + "?name=卓嘎", ContinuationOf(first)));
        Assert.Equal(Mask.PersonName("格桑卓嘎"), Assert.Single(rest).GetProperty("personName").GetString());
        Assert.Equal(1, pages);
    }

    [Fact]
    public async Task EnterpriseLogs_ByBureauDates_CoverWholeChinaStandardTimeDays()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var partition = LoginLogEntity.EnterprisePartition(enterprise.EnterpriseId);
        var day = DateOnly.FromDateTime(Now.ToOffset(TimeSpan.FromHours(8)).DateTime).AddDays(-3);
        DateTimeOffset At(DateOnly date, int hour, int minute) => new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(8)).ToUniversalTime();
        await Api.SeedAsync(
        [
            Row(partition, At(day, 0, 0), Ip(1)),
            Row(partition, At(day, 23, 59), Ip(2)),
            Row(partition, At(day.AddDays(-1), 23, 59), Ip(3)),
            Row(partition, At(day.AddDays(1), 0, 0), Ip(4)),
        ]);

        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (items, _) = await Api.AllPagesAsync(enterprise.Manager, $"{EnterpriseLogs}?from={date}&to={date}");

        Assert.Equal([Ip(2), Ip(1)], Ips(items));
    }

    [Fact]
    public async Task EnterpriseLogs_ShowEveryColumn_WithThePersonsNameMasked()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var partition = LoginLogEntity.EnterprisePartition(enterprise.EnterpriseId);
        var at = new DateTimeOffset(Now.AddHours(-3).UtcDateTime.Date.AddHours(Now.AddHours(-3).Hour), TimeSpan.Zero);
        await Api.SeedAsync([Row(partition, at, Ip(7), identityType: "invoicePurchaser", personName: "王小明", outcome: "failure", method: "sms")]);

        var (items, _) = await Api.AllPagesAsync(enterprise.Manager, EnterpriseLogs + "?identityType=invoicePurchaser");

        var item = Assert.Single(items);
        Assert.Equal(at, item.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("enterprise", item.GetProperty("loginType").GetString());
        Assert.Equal("sms", item.GetProperty("method").GetString());
        Assert.Equal(Mask.PersonName("王小明"), item.GetProperty("personName").GetString());
        Assert.Equal("invoicePurchaser", item.GetProperty("identityType").GetString());
        Assert.Equal("failure", item.GetProperty("outcome").GetString());
        Assert.Equal(Ip(7), item.GetProperty("ip").GetString());
    }

    [Fact]
    public async Task EnterpriseLogs_NeverShowAnotherEnterprisesLogs()
    {
        var mine = await Api.EnterpriseWithManagerAsync();
        var theirs = await Api.EnterpriseWithManagerAsync();
        await Api.SeedAsync(
        [
            Row(LoginLogEntity.EnterprisePartition(mine.EnterpriseId), Now.AddHours(-1), Ip(1)),
            Row(LoginLogEntity.EnterprisePartition(theirs.EnterpriseId), Now.AddHours(-1), Ip(2)),
            Row(LoginLogEntity.EnterprisePartition(theirs.EnterpriseId), Now.AddHours(-2), Ip(3)),
        ]);

        var (items, _) = await Api.AllPagesAsync(mine.Manager, EnterpriseLogs + "?pageSize=1");

        Assert.Equal([Ip(1)], Ips(items).Where(ip => ip.StartsWith("198.51.100.", StringComparison.Ordinal)));
        // Besides the seeded row, only the manager's own login: not the other enterprise's manager's.
        Assert.Equal(2, items.Count);
    }

    [Fact]
    public async Task ContinuationToken_Tampered_IsRefused()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var partition = LoginLogEntity.EnterprisePartition(enterprise.EnterpriseId);
        await Api.SeedAsync(Enumerable.Range(1, 5).Select(n => Row(partition, Now.AddMinutes(-n), Ip(n))));
        var token = ContinuationOf(await Api.PageAsync(enterprise.Manager, EnterpriseLogs + "?pageSize=2"));

        foreach (var forged in Tampered(token))
        {
            var response = await Api.GetAsync(enterprise.Manager, WithContinuation(EnterpriseLogs + "?pageSize=2", forged));

            await response.AssertFieldErrorAsync("continuation");
        }
    }

    [Fact]
    public async Task ContinuationToken_OfAnotherEnterprise_IsRefused()
    {
        var mine = await Api.EnterpriseWithManagerAsync();
        var theirs = await Api.EnterpriseWithManagerAsync();
        await Api.SeedAsync(Enumerable.Range(1, 5).Select(n => Row(LoginLogEntity.EnterprisePartition(theirs.EnterpriseId), Now.AddMinutes(-n), Ip(n))));
        var theirToken = ContinuationOf(await Api.PageAsync(theirs.Manager, EnterpriseLogs + "?pageSize=2"));

        var response = await Api.GetAsync(mine.Manager, WithContinuation(EnterpriseLogs + "?pageSize=2", theirToken));

        await response.AssertFieldErrorAsync("continuation");
    }

    [Fact]
    public async Task ContinuationToken_OfAnotherQuery_IsRefused()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = enterprise.LegalRepresentative;
        await Api.SeedAsync(Enumerable.Range(1, 5).SelectMany(n => new[]
        {
            Row(LoginLogEntity.EnterprisePartition(enterprise.EnterpriseId), Now.AddMinutes(-n), Ip(n)),
            Row(LoginLogEntity.PersonPartition(person.PersonId), Now.AddMinutes(-n), Ip(n)),
        }));
        var enterpriseToken = ContinuationOf(await Api.PageAsync(enterprise.Manager, EnterpriseLogs + "?pageSize=2"));
        var myToken = ContinuationOf(await Api.PageAsync(enterprise.Manager, MyLogs + "?pageSize=2"));

        await (await Api.GetAsync(enterprise.Manager, WithContinuation(EnterpriseLogs + "?pageSize=2&loginType=enterprise", enterpriseToken)))
            .AssertFieldErrorAsync("continuation");
        await (await Api.GetAsync(enterprise.Manager, WithContinuation(EnterpriseLogs + "?pageSize=2", myToken))).AssertFieldErrorAsync("continuation");
        await (await Api.GetAsync(enterprise.Manager, WithContinuation(MyLogs + "?pageSize=2", enterpriseToken))).AssertFieldErrorAsync("continuation");
    }

    [Theory]
    [InlineData("loginType=everything", "loginType")]
    [InlineData("identityType=boss", "identityType")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45", "to")]
    [InlineData("from=2026-03-02&to=2026-03-01", "to")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("name=012345678901234567890123456789012345678901234567890", "name")]
    public async Task EnterpriseLogs_WithAnInvalidFilter_AreAValidationError(string query, string field)
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();

        var response = await Api.GetAsync(enterprise.Manager, EnterpriseLogs + "?" + query);

        await response.AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task MyLogs_ShowMyOwnLogins_PersonalAndEnterprise_AndNobodyElses()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var person = enterprise.LegalRepresentative;
        var stranger = await Api.RegisterAsync();
        var personal = await Api.PersonalLoginAsync(person);
        await Api.SeedAsync(
        [
            Row(LoginLogEntity.PersonPartition(stranger.PersonId), Now.AddMinutes(-5), Ip(9)),
            Row(LoginLogEntity.EnterprisePartition(enterprise.EnterpriseId), Now.AddMinutes(-5), Ip(8)),
        ]);

        var (items, _) = await Api.AllPagesAsync(personal, MyLogs);

        Assert.Equal(["personal", "enterprise"], items.Select(item => item.GetProperty("loginType").GetString()));
        Assert.DoesNotContain(Ip(9), Ips(items));
        Assert.DoesNotContain(Ip(8), Ips(items));
        var (onlyPersonal, _) = await Api.AllPagesAsync(personal, MyLogs + "?loginType=personal");
        Assert.Equal("personal", Assert.Single(onlyPersonal).GetProperty("loginType").GetString());
    }

    [Fact]
    public async Task MyLogs_PageWithoutRepeatsOrGaps()
    {
        var person = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(person);
        await Api.SeedAsync(Enumerable.Range(1, 7).Select(n => Row(LoginLogEntity.PersonPartition(person.PersonId), Now.AddMinutes(-n), Ip(n), loginType: "personal")));

        var (items, pages) = await Api.AllPagesAsync(session, MyLogs + "?pageSize=3");

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 7).Select(Ip), Ips(items).Skip(1));
    }

    [Fact]
    public async Task EnterpriseLogs_WithoutAToken_AreUnauthenticated()
    {
        var response = await Api.Client.GetAsync(EnterpriseLogs);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    /// <summary>The token with one character changed, cut short, lengthened, and two made-up ones.</summary>
    private static IEnumerable<string> Tampered(string token)
    {
        var middle = token.Length / 2;
        yield return token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];
        yield return token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        // The last character of the 32-byte MAC carries two unused low bits: the spellings that differ only there are refused too.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var index = alphabet.IndexOf(token[^1], StringComparison.Ordinal);
        foreach (var low in Enumerable.Range(0, 4).Where(low => (index & ~3) + low != index))
        {
            yield return token[..^1] + alphabet[(index & ~3) + low];
        }

        yield return token[..^4];
        yield return token + "AAAA";
        yield return "not-a-token";
        yield return "eyJ9.e30";
    }
}
