using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;
using TaxIdentity.Core.Verification.Sms;

namespace TaxIdentity.Tests.Verification;

public sealed class AcsSmsSenderTests
{
    private const string From = "+8610690000";
    private const string To = "+8613800138000";
    private const string MaskedTo = "+86138****8000";
    private const string Code = "482913";
    private const string Text = "Your tax bureau verification code is " + Code + ". It expires in 5 minutes.";
    private const string Tag = "login";

    private const string VectorKey = "pw==";
    private const string VectorDate = "Wed, 13 Apr 2022 18:09:12 GMT";
    private const string VectorBody = """{"from":"+18005550100","smsRecipients":[{"to":"+14255550123"}],"message":"Hello"}""";

    private static readonly byte[] KeyBytes = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))];
    private static readonly string Key = Convert.ToBase64String(KeyBytes);
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 8, 30, 0, TimeSpan.Zero);

    // ---- HMAC signing: the vectors of acs-sms.md ----

    [Theory]
    [InlineData("GET", "https://contoso.communicationservices.azure.com/", "", "88MDmJhUR3m5QhFxb8ztShsSwlGrg7g/6XPnWf7QEO4=")]
    [InlineData("GET", "https://contoso.communicationservices.azure.com/testPath?testQuery=yes", "", "il99+rd6V5O136roX/zVePCNle78HmvC4B7tu9zRH3I=")]
    [InlineData("POST", "https://contoso.communication.azure.com/sms?api-version=2021-03-07", VectorBody, "+wn+JD6J9RkzfWIbXr44kSCm3AGWzU5iykhA3B09QWU=")]
    public void Signer_PublishedVector_GivesPublishedSignature(string method, string uri, string body, string expected)
    {
        var date = DateTimeOffset.ParseExact(VectorDate, "R", CultureInfo.InvariantCulture);

        var signature = AcsRequestSigner.Sign(new HttpMethod(method), new Uri(uri), Encoding.UTF8.GetBytes(body), date, Convert.FromBase64String(VectorKey));

        Assert.Equal(VectorDate, signature.Date);
        Assert.Equal(expected, signature.Signature);
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={expected}", signature.Authorization);
    }

    [Fact]
    public void Signer_PostVector_HashesExactBody() =>
        Assert.Equal("0tVzw2vSI/MreNvC0x1AJ9nY0+v3g27QHt2LZ89AXBM=", AcsRequestSigner.ContentHash(Encoding.UTF8.GetBytes(VectorBody)));

    [Fact]
    public void Signer_EmptyBody_HashesToPublishedValue() =>
        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", AcsRequestSigner.ContentHash([]));

    [Theory]
    [InlineData("https://contoso.communication.azure.com/sms", "contoso.communication.azure.com")]
    [InlineData("https://contoso.communication.azure.com:443/sms", "contoso.communication.azure.com")]
    [InlineData("https://contoso.communication.azure.com:8443/sms", "contoso.communication.azure.com:8443")]
    [InlineData("http://127.0.0.1:5123/sms", "127.0.0.1:5123")]
    public void Signer_Host_CarriesPortOnlyWhenNotDefault(string uri, string host) => Assert.Equal(host, AcsRequestSigner.Host(new Uri(uri)));

    // ---- Connection strings ----

    [Fact]
    public void ConnectionString_KeyEndingWithPadding_Survives()
    {
        var keyBytes = Enumerable.Range(0, 31).Select(i => (byte)(255 - i)).ToArray();
        var key = Convert.ToBase64String(keyBytes);
        Assert.EndsWith("==", key, StringComparison.Ordinal);

        var parsed = AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com/;accesskey={key}");

        Assert.Equal(keyBytes, parsed.AccessKey.ToArray());
    }

    [Fact]
    public void ConnectionString_EndpointTrailingSlash_IsTrimmed()
    {
        var parsed = AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com/;accesskey={Key}");

        Assert.Equal("https://contoso.communication.azure.com", parsed.Endpoint.OriginalString);
        Assert.Equal("https://contoso.communication.azure.com/sms?api-version=2021-03-07", AcsSmsSender.SendUri(parsed.Endpoint).AbsoluteUri);
    }

    [Fact]
    public void ConnectionString_Names_AreCaseInsensitive()
    {
        var parsed = AcsConnectionString.Parse($" AccessKey={Key} ; EndPoint=https://contoso.communication.azure.com/ ;");

        Assert.Equal(new Uri("https://contoso.communication.azure.com"), parsed.Endpoint);
        Assert.Equal(KeyBytes, parsed.AccessKey.ToArray());
    }

    [Theory]
    [InlineData("endpoint=https://contoso.communication.azure.com/", "accesskey")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=", "accesskey")]
    [InlineData("accesskey=c2VjcmV0LWtleQ==", "endpoint")]
    [InlineData("", "empty")]
    public void ConnectionString_MissingPart_IsRefusedByName(string value, string named)
    {
        var error = Assert.Throws<FormatException>(() => AcsConnectionString.Parse(value));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleQ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=s3cret!not-base64")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;s3cret!not-base64")]
    [InlineData("endpoint=not a uri;accesskey=s3cret!not-base64")]
    public void ConnectionString_Malformed_ErrorNeverEchoesKey(string value)
    {
        Assert.False(AcsConnectionString.TryParse(value, out _, out var error));

        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://contoso.communication.azure.com/", false)]
    [InlineData("https://contoso.communication.azure.com/", true)]
    [InlineData("http://127.0.0.1:5123/", true)]
    public void ConnectionString_PlainHttp_OnlyToLoopback(string endpoint, bool allowed) =>
        Assert.Equal(allowed, AcsConnectionString.TryParse($"endpoint={endpoint};accesskey={Key}", out _, out _));

    [Fact]
    public void ConnectionString_ToString_HidesKey() =>
        Assert.DoesNotContain(Key, AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com/;accesskey={Key}").ToString(), StringComparison.Ordinal);

    // ---- Sending with the access key ----

    [Fact]
    public async Task Send_WithConnectionString_PostsSignedJson()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Accepted(To));
        await using var services = Services(stub, new FakeTimeProvider(Start));

        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/sms", request.Path);
        Assert.Equal("?api-version=2021-03-07", request.Query);
        Assert.Equal("application/json", request.Header("Content-Type"));

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(From, root.GetProperty("from").GetString());
        var recipient = Assert.Single(root.GetProperty("smsRecipients").EnumerateArray());
        Assert.Equal(To, recipient.GetProperty("to").GetString());
        Assert.True(Guid.TryParse(recipient.GetProperty("repeatabilityRequestId").GetString(), out var requestId));
        Assert.NotEqual(Guid.Empty, requestId);
        Assert.Equal("Fri, 14 Mar 2025 08:30:00 GMT", recipient.GetProperty("repeatabilityFirstSent").GetString());
        Assert.Equal(Text, root.GetProperty("message").GetString());
        Assert.False(root.GetProperty("smsSendOptions").GetProperty("enableDeliveryReport").GetBoolean());
        Assert.Equal(Tag, root.GetProperty("smsSendOptions").GetProperty("tag").GetString());

        var contentHash = Convert.ToBase64String(SHA256.HashData(request.Body));
        Assert.Equal(contentHash, request.Header("x-ms-content-sha256"));
        Assert.Equal("Fri, 14 Mar 2025 08:30:00 GMT", request.Header("x-ms-date"));

        // The stub checks the signature the way ACS would: from what it received and the key it shares.
        var host = request.Header("Host")!;
        Assert.Equal(stub.Address.Authority, host);
        var stringToSign = $"POST\n{request.PathAndQuery}\n{request.Header("x-ms-date")};{host};{contentHash}";
        var expected = Convert.ToBase64String(HMACSHA256.HashData(KeyBytes, Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={expected}", request.Header("Authorization"));
    }

    [Fact]
    public async Task Send_EachMessage_GetsItsOwnRepeatabilityRequestId()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Accepted(To), AcsScriptedResponse.Accepted(To));
        await using var services = Services(stub, new FakeTimeProvider(Start));

        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);
        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);

        Assert.Equal(2, stub.Requests.Select(r => Recipient(r).RequestId).Distinct().Count());
    }

    [Theory]
    [InlineData("Retry-After", "1")]
    [InlineData("retry-after-ms", "1000")]
    public async Task Send_Throttled_RetriesWithSameRepeatabilityPairAndFreshSignature(string header, string value)
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Throttled(header, value), AcsScriptedResponse.Accepted(To));
        await using var services = Services(stub, Instant(), Patient);

        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);

        Assert.Equal(2, stub.Requests.Count);
        var (first, second) = (stub.Requests[0], stub.Requests[1]);
        Assert.Equal(Recipient(first), Recipient(second));
        Assert.Equal(first.Body, second.Body);
        Assert.NotEqual(first.Header("x-ms-date"), second.Header("x-ms-date"));
        Assert.NotEqual(first.Header("Authorization"), second.Header("Authorization"));
    }

    [Theory]
    [InlineData("Retry-After", "7", 7000)]
    [InlineData("retry-after-ms", "10", 10)]
    [InlineData("x-ms-retry-after-ms", "250", 250)]
    [InlineData("Retry-After", "Fri, 14 Mar 2025 08:30:12 GMT", 12000)]
    public async Task Send_Throttled_WaitsAsTold(string header, string value, int milliseconds)
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Throttled(header, value), AcsScriptedResponse.Accepted(To));
        var time = Instant();
        await using var services = Services(stub, time, Patient);

        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);

        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Assert.Single(time.Delays));
    }

    [Fact]
    public async Task Send_ThrottledForLongerThanTheDeadline_GivesUpAtOnceWithTheServersWait()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Throttled("Retry-After", "3600"), AcsScriptedResponse.Accepted(To));
        var time = Instant();
        await using var services = Services(stub, time, Patient);

        var error = await Assert.ThrowsAsync<SmsDeliveryException>(() => Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None));

        Assert.Single(stub.Requests);
        Assert.Empty(time.Delays);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Contains("429", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServiceUnavailableEveryTime_GivesUpAfterMaxAttempts()
    {
        await using var stub = await AcsStub.StartAsync(
            AcsScriptedResponse.Unavailable(), AcsScriptedResponse.Unavailable(), AcsScriptedResponse.Unavailable(), AcsScriptedResponse.Accepted(To));
        await using var services = Services(stub, new FakeTimeProvider(Start), o => o.MaxAttempts = 3);

        var error = await Assert.ThrowsAsync<SmsDeliveryException>(() => Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None));

        Assert.Equal(3, stub.Requests.Count);
        Assert.Single(stub.Requests.Select(r => Recipient(r)).Distinct());
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServiceUnavailable", error.Message, StringComparison.Ordinal);
        AssertKeepsSecrets(error.Message);
    }

    [Fact]
    public async Task Send_ServerErrorWithoutRetryAfter_BacksOffExponentially()
    {
        var noHint = new AcsScriptedResponse(500);
        await using var stub = await AcsStub.StartAsync(noHint, noHint, noHint, AcsScriptedResponse.Accepted(To));
        var time = Instant();
        await using var services = Services(stub, time, Patient);

        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);

        Assert.Equal(4, stub.Requests.Count);
        Assert.Collection(
            time.Delays,
            d => Assert.InRange(d.TotalSeconds, 0.8, 1.2),
            d => Assert.InRange(d.TotalSeconds, 1.6, 2.4),
            d => Assert.InRange(d.TotalSeconds, 3.2, 4.8));
    }

    [Fact]
    public async Task Send_ConnectionDropped_RetriesSameMessage()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Dropped(), AcsScriptedResponse.Accepted(To));
        var time = Instant();
        await using var services = Services(stub, time, Patient);

        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);

        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(Recipient(stub.Requests[0]), Recipient(stub.Requests[1]));
        Assert.InRange(Assert.Single(time.Delays).TotalSeconds, 0.8, 1.2);
    }

    [Fact]
    public async Task Send_AcsHanging_GivesUpAtTheDeadline()
    {
        await using var stub = await AcsStub.StartAsync();
        stub.Fallback = AcsScriptedResponse.Hanging();
        var time = new FakeTimeProvider(Start);
        await using var services = Services(stub, time, o => (o.AttemptTimeoutSeconds, o.DeadlineSeconds) = (2, 5));

        var sending = Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);
        await WaitUntilAsync(() => stub.Requests.Count == 1);
        time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<SmsDeliveryException>(() => sending.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.Null(error.RetryAfter);
        AssertKeepsSecrets(error.Message);
    }

    [Fact]
    public async Task Send_RecipientRejected_Throws()
    {
        await using var stub = await AcsStub.StartAsync(
            AcsScriptedResponse.Accepted(To, successful: false, recipientStatus: 400, errorMessage: $"Invalid To phone number {To} for message {Text}"));
        await using var services = Services(stub, new FakeTimeProvider(Start));

        var error = await Assert.ThrowsAsync<SmsDeliveryException>(() => Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None));

        Assert.Single(stub.Requests);
        Assert.Contains(MaskedTo, error.Message, StringComparison.Ordinal);
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        AssertKeepsSecrets(error.Message);
    }

    [Fact]
    public async Task Send_AcceptedWithoutRecipientResult_ThrowsWithoutRetry()
    {
        await using var stub = await AcsStub.StartAsync(new AcsScriptedResponse(202, """{"value":[]}"""), AcsScriptedResponse.Accepted(To));
        await using var services = Services(stub, new FakeTimeProvider(Start));

        await Assert.ThrowsAsync<SmsDeliveryException>(() => Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None));

        Assert.Single(stub.Requests);
    }

    [Theory]
    [InlineData(400, "InvalidParameter")]
    [InlineData(401, "Unauthorized")]
    [InlineData(404, "NotFound")]
    public async Task Send_ClientError_ThrowsWithoutRetry(int status, string code)
    {
        await using var stub = await AcsStub.StartAsync(
            new AcsScriptedResponse(status, $$$"""{"error":{"code":"{{{code}}}","message":"The number {{{To}}} is not valid."}}"""), AcsScriptedResponse.Accepted(To));
        await using var services = Services(stub, new FakeTimeProvider(Start));

        var error = await Assert.ThrowsAsync<SmsDeliveryException>(() => Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None));

        Assert.Single(stub.Requests);
        Assert.Contains(status.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        AssertKeepsSecrets(error.Message);
    }

    [Fact]
    public async Task Send_Logs_OnlyMaskedNumber()
    {
        await using var stub = await AcsStub.StartAsync(
            AcsScriptedResponse.Throttled(), AcsScriptedResponse.Accepted(To, successful: false, recipientStatus: 400, errorMessage: "Rejected"));
        var logger = new ListLogger<AcsSmsSender>();
        await using var services = Services(stub, new FakeTimeProvider(Start), logger: logger);

        await Assert.ThrowsAsync<SmsDeliveryException>(() => Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None));

        Assert.NotEmpty(logger.Lines);
        Assert.Contains(logger.Lines, line => line.Contains(MaskedTo, StringComparison.Ordinal) && line.Contains("429", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, line => line.Contains("Outgoing_20250314_test", StringComparison.Ordinal));
        Assert.All(logger.Lines, line => AssertKeepsSecrets(line));
    }

    [Fact]
    public async Task Send_CancelledWhileWaiting_StopsRetrying()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Throttled("Retry-After", "20"), AcsScriptedResponse.Accepted(To));
        await using var services = Services(stub, new FakeTimeProvider(Start), Patient);
        using var cancellation = new CancellationTokenSource();

        var sending = Sender(services).SendAsync(new SmsMessage(To, Text, Tag), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.True(stub.Requests.Count <= 1);
    }

    // ---- Sending with a Microsoft Entra token ----

    [Fact]
    public async Task Send_WithEndpoint_SendsBearerTokenForAcsScope()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Accepted(To));
        var time = new FakeTimeProvider(Start);
        var credential = new FakeTokenCredential("entra-token-1", time, TimeSpan.FromHours(1));
        await using var services = Services(stub, time, credential: credential);

        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("Bearer entra-token-1", request.Header("Authorization"));
        Assert.Null(request.Header("x-ms-content-sha256"));
        Assert.Equal("/sms?api-version=2021-03-07", request.PathAndQuery);
        Assert.Equal("https://communication.azure.com//.default", Assert.Single(credential.Scopes));
    }

    [Fact]
    public async Task Send_Twice_FetchesTokenOnce()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Accepted(To), AcsScriptedResponse.Accepted(To));
        var time = new FakeTimeProvider(Start);
        var credential = new FakeTokenCredential("entra-token-1", time, TimeSpan.FromHours(1));
        await using var services = Services(stub, time, credential: credential);

        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(50));
        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);

        Assert.Equal(1, credential.Calls);
        Assert.All(stub.Requests, r => Assert.Equal("Bearer entra-token-1", r.Header("Authorization")));
    }

    [Fact]
    public async Task Send_TokenWithinFiveMinutesOfExpiry_FetchesNewToken()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Accepted(To), AcsScriptedResponse.Accepted(To));
        var time = new FakeTimeProvider(Start);
        var credential = new FakeTokenCredential("entra-token-1", time, TimeSpan.FromHours(1));
        await using var services = Services(stub, time, credential: credential);

        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(56));
        await Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);

        Assert.Equal(2, credential.Calls);
    }

    [Fact]
    public async Task Send_NoToken_ThrowsDeliveryExceptionWithoutCallingAcs()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Accepted(To));
        await using var services = Services(stub, new FakeTimeProvider(Start), credential: new FailingCredential());

        var error = await Assert.ThrowsAsync<SmsDeliveryException>(() => Sender(services).SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None));

        Assert.Empty(stub.Requests);
        Assert.IsType<CredentialUnavailableException>(error.InnerException);
    }

    [Fact]
    public void Sender_PlainHttpEndpoint_IsRefused()
    {
        var options = Options.Create(new SmsOptions { Endpoint = new Uri("http://contoso.communication.azure.com"), From = From });
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

        Assert.Throws<InvalidOperationException>(
            () => new AcsSmsSender(services.GetRequiredService<IHttpClientFactory>(), options, TimeProvider.System, NullLogger<AcsSmsSender>.Instance));
    }

    // ---- Registration ----

    [Fact]
    public async Task Registration_EndpointMode_SharesTokenAcrossHandlers()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Accepted(To), AcsScriptedResponse.Accepted(To));
        var time = new FakeTimeProvider(Start);
        var credential = new FakeTokenCredential("entra-token-di", time, TimeSpan.FromHours(1));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<TokenCredential>(credential)
            .Configure<SmsOptions>(o => (o.Endpoint, o.From) = (stub.Address, From))
            .AddAcsSmsSender();
        await using (var provider = services.BuildServiceProvider(validateScopes: true))
        {
            await provider.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);
            Assert.IsType<AcsSmsSender>(provider.GetRequiredService<ISmsSender>());
        }

        // Another container builds other handlers; the token cache belongs to the credential.
        await using (var provider = services.BuildServiceProvider(validateScopes: true))
        {
            await provider.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);
        }

        Assert.Equal(2, stub.Requests.Count);
        Assert.All(stub.Requests, r => Assert.Equal("Bearer entra-token-di", r.Header("Authorization")));
        Assert.Equal(1, credential.Calls);
    }

    [Fact]
    public async Task Registration_ConnectionStringMode_SignsWithKey()
    {
        await using var stub = await AcsStub.StartAsync(AcsScriptedResponse.Accepted(To));
        var services = new ServiceCollection()
            .AddLogging()
            .Configure<SmsOptions>(o => (o.ConnectionString, o.From) = ($"endpoint={stub.Address};accesskey={Key}", From))
            .AddAcsSmsSender();
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        await provider.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage(To, Text, Tag), CancellationToken.None);

        Assert.StartsWith("HMAC-SHA256 ", Assert.Single(stub.Requests).Header("Authorization"), StringComparison.Ordinal);
    }

    // ---- Pieces ----

    [Theory]
    [InlineData("+8613800138000", "+86138****8000")]
    [InlineData("+85291234567", "+852****4567")]
    [InlineData("+14255550123", "+142****0123")]
    [InlineData("12345", "****")]
    [InlineData("", "****")]
    public void Mask_KeepsFirstDigitsAndLastFour(string number, string masked) => Assert.Equal(masked, AcsSmsSender.Mask(number));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(10, 30)]
    public void Backoff_DoublesUpToThirtySeconds(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), AcsSmsSender.Backoff(attempt, jitter: 0.5));

    [Fact]
    public void RetryDelay_PastRetryAfterDate_IsZero()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(Start.AddSeconds(-5));

        Assert.Equal(TimeSpan.Zero, AcsSmsSender.RetryDelay(response, 1, Start, 0.5));
    }

    private sealed class FailingCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("No managed identity here.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("No managed identity here.");
    }

    /// <summary>Timeouts far beyond the waits under test, which <see cref="Instant"/> fires at once.</summary>
    private static void Patient(SmsOptions options) => (options.AttemptTimeoutSeconds, options.DeadlineSeconds) = (30, 30);

    private static InstantTimeProvider Instant() => new(Start, fireWithin: TimeSpan.FromSeconds(29));

    /// <summary>The sender as the app registers it (pipeline, authorization handler), on the stub, signing with <see cref="Key"/> unless a credential is given.</summary>
    private static ServiceProvider Services(
        AcsStub stub, TimeProvider time, Action<SmsOptions>? configure = null, TokenCredential? credential = null, ILogger<AcsSmsSender>? logger = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(time);
        if (credential is not null)
        {
            services.AddSingleton(credential);
        }

        if (logger is not null)
        {
            services.AddSingleton(logger);
        }

        services.Configure<SmsOptions>(options =>
        {
            options.From = From;
            if (credential is null)
            {
                options.ConnectionString = $"endpoint={stub.Address};accesskey={Key}";
            }
            else
            {
                options.Endpoint = stub.Address;
            }

            configure?.Invoke(options);
        });
        return services.AddAcsSmsSender().BuildServiceProvider(validateScopes: true);
    }

    private static AcsSmsSender Sender(ServiceProvider services) => services.GetRequiredService<AcsSmsSender>();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, patience.Token);
        }
    }

    private static (string? RequestId, string? FirstSent) Recipient(AcsRecordedRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        var recipient = body.RootElement.GetProperty("smsRecipients")[0];
        return (recipient.GetProperty("repeatabilityRequestId").GetString(), recipient.GetProperty("repeatabilityFirstSent").GetString());
    }

    private static void AssertKeepsSecrets(string text)
    {
        Assert.DoesNotContain(To, text, StringComparison.Ordinal);
        Assert.DoesNotContain(To[1..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(Code, text, StringComparison.Ordinal);
        Assert.DoesNotContain("verification code", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
    }
}
