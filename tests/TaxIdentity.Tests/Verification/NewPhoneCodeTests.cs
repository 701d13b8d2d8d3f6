using System.Net;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Verification;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Verification;

/// <summary>
/// B1 for the one signed-in purpose whose number the caller chooses (newPhone): the allowed calling codes, the
/// per-client and the global daily budgets apply as for anonymous sends, and a number not yet the caller's counts
/// against the caller (and the number's share for strangers), never against the number's owner's signed-in codes.
/// </summary>
public sealed class NewPhoneCodeTests
{
    [Theory]
    [InlineData("+88216123456")]
    [InlineData("+85298765432")]
    public async Task NewPhoneCode_ToANumberOutsideTheAllowedCallingCodes_IsRefusedBeforeAnythingIsSentOrCounted(string phone)
    {
        await using var api = await ApiHost.StartAsync();
        var person = await api.RegisterAsync();
        var session = await api.PersonalLoginAsync(person);
        var countersBefore = await SmsCountersAsync(api);
        var codesBefore = (await api.RowsAsync(TableNames.SmsCodes)).Count;

        var response = await api.RequestSmsAsync(new { purpose = "newPhone", phone }, session.AccessToken);

        await response.AssertFieldErrorAsync("phone");
        Assert.Equal(0, await api.InboxCountAsync(phone));
        Assert.Equal(countersBefore, await SmsCountersAsync(api));
        Assert.Equal(codesBefore, (await api.RowsAsync(TableNames.SmsCodes)).Count);
    }

    [Fact]
    public async Task NewPhoneCodes_ToAnotherPersonsNumber_CountAgainstTheCaller_NotAgainstTheNumbersOwner()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var owner = await api.RegisterAsync();
        var ownerSession = await api.PersonalLoginAsync(owner);
        var stranger = await api.RegisterAsync();
        var strangerSession = await api.PersonalLoginAsync(stranger);

        var accepted = 0;
        HttpResponseMessage send;
        do
        {
            time.Advance(TimeSpan.FromSeconds(61));
            send = await api.RequestSmsAsync(new { purpose = "newPhone", phone = owner.Phone }, strangerSession.AccessToken);
            accepted += send.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
        }
        while (send.StatusCode == HttpStatusCode.Accepted && accepted < 20);

        // The owner's own registration code was one of the number's five for strangers (register is anonymous).
        await send.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(4, accepted);
        var ownerSends = new List<HttpStatusCode>();
        foreach (var purpose in new[] { "changePassword", "changeUsername", "deregister", "addPhone", "deletePhone" })
        {
            time.Advance(TimeSpan.FromSeconds(1));
            ownerSends.Add((await api.RequestSmsAsync(new { purpose }, ownerSession.AccessToken)).StatusCode);
        }

        Assert.All(ownerSends, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(5, await CountAsync(api, SmsBudget.PhoneKey(ProfileE164(owner.Phone), anonymous: false)));
        Assert.Equal(4, await CountAsync(api, SmsBudget.PhoneKey(ProfileE164(stranger.Phone), anonymous: false)));
    }

    [Fact]
    public async Task NewPhoneCodes_CountAgainstTheClientsDailyBudget()
    {
        // The registration's own code is the first of the client's three.
        await using var api = await ApiHost.StartAsync(settings => settings["Verification:DailyAnonymousSendsPerClient"] = "3");
        var person = await api.RegisterAsync();
        var session = await api.PersonalLoginAsync(person);
        await (await api.RequestSmsAsync(new { purpose = "newPhone", phone = TestData.Phone() }, session.AccessToken)).AssertOkAsync(HttpStatusCode.Accepted);
        await (await api.RequestSmsAsync(new { purpose = "newPhone", phone = TestData.Phone() }, session.AccessToken)).AssertOkAsync(HttpStatusCode.Accepted);
        var phone = TestData.Phone();

        var third = await api.RequestSmsAsync(new { purpose = "newPhone", phone }, session.AccessToken);

        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(0, await api.InboxCountAsync(phone));
        await (await api.RequestSmsAsync(new { purpose = "changePassword" }, session.AccessToken)).AssertOkAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task NewPhoneCodes_CountAgainstTheGlobalDailyBudget()
    {
        // The two registrations' codes are the first two of the platform's three.
        await using var api = await ApiHost.StartAsync(settings => settings["Verification:DailyAnonymousSendsTotal"] = "3");
        var first = await api.RegisterAsync();
        var second = await api.RegisterAsync();
        var firstSession = await api.PersonalLoginAsync(first);
        var secondSession = await api.PersonalLoginAsync(second);
        await (await api.RequestSmsAsync(new { purpose = "newPhone", phone = TestData.Phone() }, firstSession.AccessToken)).AssertOkAsync(HttpStatusCode.Accepted);
        var phone = TestData.Phone();

        var refused = await api.RequestSmsAsync(new { purpose = "newPhone", phone }, secondSession.AccessToken);

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(0, await api.InboxCountAsync(phone));
    }

    private static string ProfileE164(string phone) => "+86" + phone;

    private static async Task<int> CountAsync(ApiHost api, string key)
    {
        var rows = await api.RowsAsync(TableNames.Counters, TableKeys.Compose(key));
        return rows.Sum(row => row.GetInt32("Count") ?? 0);
    }

    private static async Task<int> SmsCountersAsync(ApiHost api) =>
        (await api.RowsAsync(TableNames.Counters)).Count(row => row.PartitionKey.StartsWith("sms", StringComparison.Ordinal));
}
