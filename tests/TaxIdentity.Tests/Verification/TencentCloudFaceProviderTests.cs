using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Verification;
using TaxIdentity.Core.Verification.Face;
using TaxIdentity.Core.Verification.Face.TencentCloud;

namespace TaxIdentity.Tests.Verification;

/// <summary>
/// The Tencent Cloud FaceID provider as the app registers it (pipeline, signing handler) against the loopback stub,
/// which checks every signature and answers the documented shapes.
/// </summary>
public sealed class TencentCloudFaceProviderTests
{
    private const string Name = "扎西多吉";
    private const string IdNumber = "54010219800101101X";
    private const string VerificationId = "f01JTESTVERIFICATION0000000";

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly FaceSubject Subject = new(Name, IdType.ResidentIdCard, IdNumber);

    // ---- DetectAuth ----

    [Fact]
    public async Task Start_CallsDetectAuth_SignedAndNamingTheRuleIdPersonAndVerification()
    {
        await using var stub = await FaceIdStub.StartAsync();
        await using var services = Services(stub, Clock(stub));

        var session = await Provider(services).StartAsync(VerificationId, Subject, CancellationToken.None);

        Assert.NotNull(session);
        Assert.Equal(FaceProvider.TencentCloud, session.Provider);
        var request = Assert.Single(stub.Requests);
        Assert.True(request.SignatureValid);
        Assert.Equal("DetectAuth", request.Action);
        Assert.Equal("2018-03-01", request.Headers["X-TC-Version"]);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Contains("SignedHeaders=content-type;host;x-tc-action,", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("X-TC-Region"));
        Assert.Equal(FaceIdStub.RuleId, request.Field("RuleId"));
        Assert.Equal(IdNumber, request.Field("IdCard"));
        Assert.Equal(Name, request.Field("Name"));
        Assert.Equal(VerificationId, request.Field("Extra"));
        Assert.Null(request.Field("RedirectUrl"));
        Assert.Matches("^[0-9A-F-]{36}$", session.Token);
        Assert.StartsWith("https://", session.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithARedirectUrl_SendsIt()
    {
        await using var stub = await FaceIdStub.StartAsync();
        await using var services = Services(stub, Clock(stub), o => o.RedirectUrl = new Uri("https://etax.example.cn/face-done"));

        await Provider(services).StartAsync(VerificationId, Subject, CancellationToken.None);

        Assert.Equal("https://etax.example.cn/face-done", Assert.Single(stub.Requests).Field("RedirectUrl"));
    }

    [Fact]
    public async Task Start_RefusedRuleId_IsUnavailableWithoutRetry()
    {
        await using var stub = await FaceIdStub.StartAsync();
        await using var services = Services(stub, Clock(stub), o => o.RuleId = "99");

        var error = await Assert.ThrowsAsync<FaceProviderUnavailableException>(() => Provider(services).StartAsync(VerificationId, Subject, CancellationToken.None));

        Assert.Single(stub.Requests);
        Assert.Contains("InvalidParameterValue.RuleIdNotExist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WrongSecretKey_IsRefusedByTheSignatureCheck_AndUnavailable()
    {
        await using var stub = await FaceIdStub.StartAsync();
        await using var services = Services(stub, Clock(stub), o => o.SecretKey = "WrongKeyWrongKeyWrongKey00000000");

        var error = await Assert.ThrowsAsync<FaceProviderUnavailableException>(() => Provider(services).StartAsync(VerificationId, Subject, CancellationToken.None));

        Assert.False(Assert.Single(stub.Requests).SignatureValid);
        Assert.Contains("AuthFailure.SignatureFailure", error.Message, StringComparison.Ordinal);
    }

    // ---- GetDetectInfoEnhanced ----

    [Fact]
    public async Task Result_Passed_NamesThePersonFaceIdVerified()
    {
        await using var stub = await FaceIdStub.StartAsync();
        await using var services = Services(stub, Clock(stub));
        var token = await StartedAsync(services, stub, FaceIdOutcome.Passed);

        var result = await Provider(services).GetResultAsync(VerificationId, token, CancellationToken.None);

        Assert.Equal(new FaceCheckResult(VerificationId, true, Name, IdType.ResidentIdCard, IdNumber), result);
        var request = stub.Requests[^1];
        Assert.True(request.SignatureValid);
        Assert.Equal("GetDetectInfoEnhanced", request.Action);
        Assert.Equal(token, request.Field("BizToken"));
        Assert.Equal(FaceIdStub.RuleId, request.Field("RuleId"));
        Assert.Equal("1", request.Field("InfoType"));
    }

    [Theory]
    [InlineData(FaceIdOutcome.LivenessFailed)]
    [InlineData(FaceIdOutcome.ComparisonFailed)]
    [InlineData(FaceIdOutcome.NotFinished)]
    public async Task Result_NotSucceeded_DidNotPass(FaceIdOutcome outcome)
    {
        await using var stub = await FaceIdStub.StartAsync();
        await using var services = Services(stub, Clock(stub));
        var token = await StartedAsync(services, stub, outcome);

        var result = await Provider(services).GetResultAsync(VerificationId, token, CancellationToken.None);

        Assert.NotNull(result);
        Assert.False(result.Passed);
    }

    [Fact]
    public async Task Result_AnotherPersonVerified_NamesThatPerson()
    {
        await using var stub = await FaceIdStub.StartAsync();
        await using var services = Services(stub, Clock(stub));
        var token = await StartedAsync(services, stub, FaceIdOutcome.Passed, ("卓玛", "540102198505052026"));

        var result = await Provider(services).GetResultAsync(VerificationId, token, CancellationToken.None);

        Assert.Equal(new FaceCheckResult(VerificationId, true, "卓玛", IdType.ResidentIdCard, "540102198505052026"), result);
        Assert.False(Subject.IsNamedBy(result!));
    }

    [Fact]
    public async Task Result_BelowTheMinimumSimilarity_DidNotPass()
    {
        await using var stub = await FaceIdStub.StartAsync();
        await using var services = Services(stub, Clock(stub), o => o.MinSimilarity = 98);
        var token = await StartedAsync(services, stub, FaceIdOutcome.Passed);

        Assert.False((await Provider(services).GetResultAsync(VerificationId, token, CancellationToken.None))!.Passed);
    }

    [Fact]
    public async Task Result_OfACheckForAnotherVerification_IsNoResult()
    {
        await using var stub = await FaceIdStub.StartAsync();
        await using var services = Services(stub, Clock(stub));
        var token = stub.Issue("f01JOTHERVERIFICATION000000", Name, IdNumber);
        stub.Complete(token, FaceIdOutcome.Passed);

        Assert.Null(await Provider(services).GetResultAsync(VerificationId, token, CancellationToken.None));
    }

    [Theory]
    [InlineData("InvalidParameterValue.BizTokenIllegal")]
    [InlineData("InvalidParameterValue.BizTokenExpired")]
    public async Task Result_TokenFaceIdDoesNotKnow_IsNoResult(string code)
    {
        await using var stub = await FaceIdStub.StartAsync(FaceIdScripted.Error(code));
        await using var services = Services(stub, Clock(stub));

        Assert.Null(await Provider(services).GetResultAsync(VerificationId, "CE661F1A-0F1E-45BD-BE13-34C05CEA7681", CancellationToken.None));
        Assert.Single(stub.Requests);
    }

    // ---- Outages, throttling, timeouts ----

    [Fact]
    public async Task Throttled_Once_IsRetriedSignedAfresh()
    {
        await using var stub = await FaceIdStub.StartAsync(FaceIdScripted.Throttled());
        var time = new InstantTimeProvider(Start, fireWithin: TimeSpan.FromSeconds(29));
        stub.Now = time.GetUtcNow;
        await using var services = Services(stub, time, Patient);

        var session = await Provider(services).StartAsync(VerificationId, Subject, CancellationToken.None);

        Assert.NotNull(session);
        Assert.Equal(2, stub.Requests.Count);
        Assert.All(stub.Requests, request => Assert.True(request.SignatureValid));
        Assert.Equal(stub.Requests[0].Body, stub.Requests[1].Body);
        Assert.InRange(Assert.Single(time.Delays).TotalMilliseconds, 200, 300);
    }

    [Fact]
    public async Task Throttled_EveryTime_IsUnavailableAfterMaxAttempts()
    {
        await using var stub = await FaceIdStub.StartAsync();
        stub.Fallback = FaceIdScripted.Throttled();
        var time = new InstantTimeProvider(Start, fireWithin: TimeSpan.FromSeconds(29));
        stub.Now = time.GetUtcNow;
        await using var services = Services(stub, time, o => { Patient(o); o.MaxAttempts = 3; });

        var error = await Assert.ThrowsAsync<FaceProviderUnavailableException>(() => Provider(services).GetResultAsync(VerificationId, "CE661F1A-0F1E-45BD-BE13-34C05CEA7681", CancellationToken.None));

        Assert.Equal(3, stub.Requests.Count);
        Assert.Contains("RequestLimitExceeded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceUnavailable_IsRetried_ThenAnswered()
    {
        await using var stub = await FaceIdStub.StartAsync(FaceIdScripted.Unavailable(), FaceIdScripted.Error("InternalError"));
        var time = new InstantTimeProvider(Start, fireWithin: TimeSpan.FromSeconds(29));
        stub.Now = time.GetUtcNow;
        await using var services = Services(stub, time, Patient);

        Assert.NotNull(await Provider(services).StartAsync(VerificationId, Subject, CancellationToken.None));
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task ServiceUnavailable_EveryTime_IsUnavailableWithTheServersHint()
    {
        await using var stub = await FaceIdStub.StartAsync();
        stub.Fallback = new FaceIdScripted(503, Headers: new Dictionary<string, string> { ["Retry-After"] = "3600" });
        await using var services = Services(stub, Clock(stub));

        var error = await Assert.ThrowsAsync<FaceProviderUnavailableException>(() => Provider(services).StartAsync(VerificationId, Subject, CancellationToken.None));

        // A wait longer than the deadline is not waited for.
        Assert.Single(stub.Requests);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
    }

    [Fact]
    public async Task ConnectionDropped_IsRetried()
    {
        await using var stub = await FaceIdStub.StartAsync(FaceIdScripted.Dropped());
        var time = new InstantTimeProvider(Start, fireWithin: TimeSpan.FromSeconds(29));
        stub.Now = time.GetUtcNow;
        await using var services = Services(stub, time, Patient);

        Assert.NotNull(await Provider(services).StartAsync(VerificationId, Subject, CancellationToken.None));
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task Hanging_IsUnavailableAtTheDeadline()
    {
        await using var stub = await FaceIdStub.StartAsync();
        stub.Fallback = FaceIdScripted.Hanging();
        var time = new FakeTimeProvider(Start);
        await using var services = Services(stub, time, o => (o.AttemptTimeoutSeconds, o.DeadlineSeconds) = (2, 5));

        var starting = Provider(services).StartAsync(VerificationId, Subject, CancellationToken.None);
        await WaitUntilAsync(() => stub.Requests.Count == 1);
        time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<FaceProviderUnavailableException>(() => starting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.IsType<TimeoutRejectedException>(error.InnerException);
    }

    [Fact]
    public async Task LogsAndErrors_NeverCarryTheNameIdNumberTokenOrKey()
    {
        await using var stub = await FaceIdStub.StartAsync();
        var logger = new ListLogger<TencentCloudFaceProvider>();
        await using var services = Services(stub, Clock(stub), logger: logger);
        var token = await StartedAsync(services, stub, FaceIdOutcome.Passed, ("卓玛", "540102198505052026"));
        await Provider(services).GetResultAsync(VerificationId, token, CancellationToken.None);
        stub.Enqueue(FaceIdScripted.Error("UnauthorizedOperation.Arrears", $"{Name} {IdNumber} {token}"));
        var error = await Assert.ThrowsAsync<FaceProviderUnavailableException>(() => Provider(services).GetResultAsync(VerificationId, token, CancellationToken.None));

        Assert.NotEmpty(logger.Lines);
        foreach (var text in logger.Lines.Append(error.Message))
        {
            foreach (var secret in new[] { Name, IdNumber, "卓玛", "540102198505052026", token, FaceIdStub.SecretKey })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    // ---- Settings ----

    [Fact]
    public void Provider_VerifiesResidentIdCardsOnly()
    {
        using var services = new ServiceCollection().AddLogging()
            .Configure<TencentCloudFaceOptions>(o => o.RuleId = FaceIdStub.RuleId)
            .AddTencentCloudFace().BuildServiceProvider();

        Assert.Equal([IdType.ResidentIdCard], Enum.GetValues<IdType>().Where(services.GetRequiredService<TencentCloudFaceProvider>().Supports));
    }

    [Theory]
    [InlineData("SecretId", null)]
    [InlineData("SecretId", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/tencent-faceid-secret-id/)")]
    [InlineData("SecretKey", "short")]
    [InlineData("RuleId", "")]
    [InlineData("Endpoint", "http://faceid.tencentcloudapi.com/")]
    [InlineData("Endpoint", "https://faceid.tencentcloudapi.com/some/path")]
    public void Settings_ThatCantWork_AreRefusedByName_WithoutEchoingThem(string setting, string? value)
    {
        var options = Valid();
        switch (setting)
        {
            case "SecretId": options.SecretId = value; break;
            case "SecretKey": options.SecretKey = value; break;
            case "RuleId": options.RuleId = value; break;
            default: options.Endpoint = new Uri(value!); break;
        }

        var result = Validation(FaceProvider.TencentCloud).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Face__TencentCloud__{setting}", result.FailureMessage, StringComparison.Ordinal);
        if (setting.StartsWith("Secret", StringComparison.Ordinal) && !string.IsNullOrEmpty(value))
        {
            Assert.DoesNotContain(value, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Settings_Valid_PassAndAreNotReadForAnotherProvider()
    {
        Assert.True(Validation(FaceProvider.TencentCloud).Validate(null, Valid()).Succeeded);
        Assert.True(Validation(FaceProvider.None).Validate(null, new TencentCloudFaceOptions()).Succeeded);
    }

    private static TencentCloudFaceOptions Valid() => new() { SecretId = FaceIdStub.SecretId, SecretKey = FaceIdStub.SecretKey, RuleId = FaceIdStub.RuleId };

    private static TencentCloudFaceOptionsValidation Validation(FaceProvider provider) => new(Options.Create(new FaceOptions { Provider = provider }));

    /// <summary>Timeouts far beyond the waits under test, which <see cref="InstantTimeProvider"/> fires at once.</summary>
    private static void Patient(TencentCloudFaceOptions options) => (options.AttemptTimeoutSeconds, options.DeadlineSeconds) = (30, 30);

    private static FakeTimeProvider Clock(FaceIdStub stub)
    {
        var time = new FakeTimeProvider(Start);
        stub.Now = time.GetUtcNow;
        return time;
    }

    /// <summary>DetectAuth for <see cref="Subject"/>, then the person finishing the check with <paramref name="outcome"/>; returns the BizToken.</summary>
    private static async Task<string> StartedAsync(ServiceProvider services, FaceIdStub stub, FaceIdOutcome outcome, (string, string)? seen = null)
    {
        var session = await Provider(services).StartAsync(VerificationId, Subject, CancellationToken.None);
        stub.Complete(session!.Token, outcome, seen);
        return session.Token;
    }

    private static ServiceProvider Services(FaceIdStub stub, TimeProvider time, Action<TencentCloudFaceOptions>? configure = null, ILogger<TencentCloudFaceProvider>? logger = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(time);
        if (logger is not null)
        {
            services.AddSingleton(logger);
        }

        services.Configure<TencentCloudFaceOptions>(options =>
        {
            options.SecretId = FaceIdStub.SecretId;
            options.SecretKey = FaceIdStub.SecretKey;
            options.RuleId = FaceIdStub.RuleId;
            options.Endpoint = stub.Address;
            configure?.Invoke(options);
        });
        return services.AddTencentCloudFace().BuildServiceProvider(validateScopes: true);
    }

    private static TencentCloudFaceProvider Provider(ServiceProvider services) => services.GetRequiredService<TencentCloudFaceProvider>();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, patience.Token);
        }
    }
}
