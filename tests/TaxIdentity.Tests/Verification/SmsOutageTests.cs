using System.Net;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Verification;

/// <summary>
/// B1 with ACS down: the platform answers 503 unavailable with Retry-After within the send deadline, and a message
/// that was not accepted starts no cool-down and spends no quota; the daily count is taken once, on acceptance.
/// The local host talks to the loopback ACS stub with the real sender.
/// </summary>
public sealed class SmsOutageTests
{
    private const string From = "+8610690000";
    private static readonly string Key = Convert.ToBase64String([.. Enumerable.Range(1, 32).Select(i => (byte)(i * 11))]);

    /// <summary>A guard, not a measurement: far above the 2 s deadline the host is given, far below what the old retry loop took.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AcsAnswering503_AnswersUnavailable_AndSpendsNoQuotaOrCoolDown()
    {
        await using var stub = await AcsStub.StartAsync();
        stub.Fallback = AcsScriptedResponse.Unavailable();
        await using var api = await StartOnAcsAsync(stub);
        var phone = TestData.Phone();

        var response = await RequestAsync(api, phone);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.NotEmpty(stub.Requests);
        Assert.Empty(await SmsCountersAsync(api));
        Assert.DoesNotContain(await api.RowsAsync(TableNames.SmsCodes), row => row.PartitionKey.StartsWith("v|", StringComparison.Ordinal));

        // ACS is back: the same request goes through at once (no cool-down) and is counted once.
        stub.Fallback = AcsScriptedResponse.Accepted("+86" + phone);
        await (await RequestAsync(api, phone)).AssertOkAsync(HttpStatusCode.Accepted);
        Assert.Equal([1], (await SmsCountersAsync(api)).Where(row => row.PartitionKey.Contains(phone, StringComparison.Ordinal)).Select(row => row.GetInt32("Count")));
    }

    [Fact]
    public async Task AcsHanging_AnswersUnavailableWithinTheDeadline_AndSpendsNoQuotaOrCoolDown()
    {
        await using var stub = await AcsStub.StartAsync();
        stub.Fallback = AcsScriptedResponse.Hanging();
        await using var api = await StartOnAcsAsync(stub);
        var phone = TestData.Phone();

        var response = await RequestAsync(api, phone);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Empty(await SmsCountersAsync(api));
        stub.Fallback = AcsScriptedResponse.Accepted("+86" + phone);
        await (await RequestAsync(api, phone)).AssertOkAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task AcsThrottlingOnce_IsRetriedWithTheSameRepeatabilityId_AndCountedOnce()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Throttled("Retry-After", "0"));
        await using var api = await StartOnAcsAsync(stub);
        var phone = TestData.Phone();
        stub.Fallback = AcsScriptedResponse.Accepted("+86" + phone);

        await (await RequestAsync(api, phone)).AssertOkAsync(HttpStatusCode.Accepted);

        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(stub.Requests[0].Body, stub.Requests[1].Body);
        Assert.Equal([1], (await SmsCountersAsync(api)).Where(row => row.PartitionKey.Contains(phone, StringComparison.Ordinal)).Select(row => row.GetInt32("Count")));
    }

    [Fact]
    public async Task AcsRefusingTheRecipient_AnswersUnavailable_AndLeavesNoUsableCode()
    {
        var phone = TestData.Phone();
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Accepted("+86" + phone, successful: false, recipientStatus: 400, errorMessage: "Invalid To phone number"));
        await using var api = await StartOnAcsAsync(stub);

        var response = await RequestAsync(api, phone);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.Single(stub.Requests);
        Assert.DoesNotContain(await api.RowsAsync(TableNames.SmsCodes), row => row.PartitionKey.StartsWith("v|", StringComparison.Ordinal));
        Assert.Empty(await SmsCountersAsync(api));
    }

    private static Task<ApiHost> StartOnAcsAsync(AcsStub stub) =>
        ApiHost.StartAsync(settings =>
        {
            settings["Sms:Provider"] = "Acs";
            settings["Sms:ConnectionString"] = $"endpoint={stub.Address};accesskey={Key}";
            settings["Sms:From"] = From;
            settings["Sms:AttemptTimeoutSeconds"] = "1";
            settings["Sms:DeadlineSeconds"] = "2";
        });

    private static async Task<HttpResponseMessage> RequestAsync(ApiHost api, string phone)
    {
        using var patience = new CancellationTokenSource(Patience);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verifications/sms")
        {
            Content = System.Net.Http.Json.JsonContent.Create(await api.SmsBodyAsync(new { purpose = "register", phone })),
        };
        return await api.Client.SendAsync(request, patience.Token);
    }

    private static async Task<List<Azure.Data.Tables.TableEntity>> SmsCountersAsync(ApiHost api) =>
        [.. (await api.RowsAsync(TableNames.Counters)).Where(row => row.PartitionKey.StartsWith("sms", StringComparison.Ordinal))];
}
