using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Verification;

/// <summary>One FaceID request as the stub received it, with whether its TC3 signature held.</summary>
public sealed record FaceIdRequest(string Action, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool SignatureValid)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Field(string name) => Json.TryGetProperty(name, out var value) ? value.GetString() : null;
}

/// <summary>A scripted answer, used before the stub's own FaceID behaviour; <see cref="Hang"/> never answers, <see cref="Drop"/> closes the connection.</summary>
public sealed record FaceIdScripted(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, bool Drop = false, bool Hang = false)
{
    /// <summary>An API 3.0 error answer (HTTP 200 with Response.Error), as the common error codes page shows it.</summary>
    public static FaceIdScripted Error(string code, string message = "stub error") =>
        new(200, $$$"""{"Response":{"Error":{"Code":"{{{code}}}","Message":"{{{message}}}"},"RequestId":"{{{Guid.NewGuid()}}}"}}""");

    public static FaceIdScripted Throttled() => Error("RequestLimitExceeded", "请求的次数超过了频率限制。");

    public static FaceIdScripted Unavailable() => new(503, "<html>Service Unavailable</html>", new Dictionary<string, string> { ["Retry-After"] = "0" });

    public static FaceIdScripted Hanging() => new(0, Hang: true);

    public static FaceIdScripted Dropped() => new(0, Drop: true);
}

/// <summary>What the person did in Tencent's SDK, for the stub's GetDetectInfoEnhanced answer.</summary>
public enum FaceIdOutcome
{
    /// <summary>Not completed yet: ErrCode 17 (本次流程未完成).</summary>
    NotFinished,
    Passed,

    /// <summary>ErrCode and LiveStatus 1002 (疑似非真人录制).</summary>
    LivenessFailed,

    /// <summary>ErrCode and Comparestatus 2016 (相似度未达到通过阈值), Sim 41.37.</summary>
    ComparisonFailed,
}

/// <summary>
/// A stand-in for faceid.tencentcloudapi.com on a free loopback port. It checks every request's TC3-HMAC-SHA256
/// signature the way Tencent would (from the headers it received and the key it shares, computed here, not with the
/// app's signer) and answers AuthFailure.SignatureFailure when it does not hold. Scripted answers come first; then it
/// behaves like FaceID: DetectAuth issues a BizToken for the RuleId, IdCard, Name and Extra it was given, and
/// GetDetectInfoEnhanced answers the documented shape for that token, as the test says the person did
/// (<see cref="Complete"/>), naming whom the check verified.
/// </summary>
public sealed class FaceIdStub : IAsyncDisposable
{
    public const string SecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    public const string SecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    public const string RuleId = "7";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<FaceIdScripted> script = new();
    private readonly ConcurrentQueue<FaceIdRequest> requests = new();
    private readonly ConcurrentDictionary<string, Check> checks = new();

    private FaceIdStub(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<FaceIdRequest> Requests => [.. requests];

    /// <summary>The stub's clock for the signature's five-minute window; tests on a fake clock set it.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Answers once the script is used up, instead of FaceID's own behaviour (an outage); null for none.</summary>
    public FaceIdScripted? Fallback { get; set; }

    public static async Task<FaceIdStub> StartAsync(params FaceIdScripted[] responses)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new FaceIdStub(app);
        foreach (var response in responses)
        {
            stub.script.Enqueue(response);
        }

        app.Run(stub.HandleAsync);
        await app.StartAsync();
        stub.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return stub;
    }

    public void Enqueue(FaceIdScripted response) => script.Enqueue(response);

    /// <summary>The person finished the check of <paramref name="bizToken"/>; FaceID verified whom DetectAuth named, or <paramref name="seen"/>.</summary>
    public void Complete(string bizToken, FaceIdOutcome outcome, (string Name, string IdCard)? seen = null)
    {
        var check = checks[bizToken];
        checks[bizToken] = check with { Outcome = outcome, Name = seen?.Name ?? check.Name, IdCard = seen?.IdCard ?? check.IdCard };
    }

    /// <summary>A BizToken issued for a check as if another platform's call had made it, for the given Extra.</summary>
    public string Issue(string extra, string name, string idCard)
    {
        var token = Guid.NewGuid().ToString().ToUpperInvariant();
        checks[token] = new Check(name, idCard, extra, FaceIdOutcome.NotFinished);
        return token;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>TC3-HMAC-SHA256 as the Signature v3 page describes it, written out here independently of the app's signer.</summary>
    public static bool SignatureHolds(IReadOnlyDictionary<string, string> headers, byte[] body, DateTimeOffset now)
    {
        if (!headers.TryGetValue("Authorization", out var authorization)
            || !headers.TryGetValue("X-TC-Timestamp", out var stamp)
            || !long.TryParse(stamp, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var parts = authorization.Split(", ");
        var signedHeaders = parts.FirstOrDefault(p => p.StartsWith("SignedHeaders=", StringComparison.Ordinal))?["SignedHeaders=".Length..];
        if (signedHeaders is null || !signedHeaders.Split(';').Contains("content-type") || !signedHeaders.Split(';').Contains("host"))
        {
            return false;
        }

        var canonicalHeaders = string.Concat(signedHeaders.Split(';').Select(name =>
            $"{name}:{(headers.TryGetValue(name, out var value) ? value.Trim().ToLowerInvariant() : string.Empty)}\n"));
        var canonical = $"POST\n/\n\n{canonicalHeaders}\n{signedHeaders}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var date = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var scope = $"{date}/faceid/tc3_request";
        var toSign = $"TC3-HMAC-SHA256\n{seconds}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("TC3" + SecretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, "faceid"u8);
        key = HMACSHA256.HashData(key, "tc3_request"u8);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        return authorization == $"TC3-HMAC-SHA256 Credential={SecretId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var action = headers.TryGetValue("X-TC-Action", out var named) ? named : string.Empty;
        var valid = SignatureHolds(headers, body, Now());
        requests.Enqueue(new FaceIdRequest(action, headers, body, valid));

        var scripted = script.TryDequeue(out var next) ? next : Fallback;
        if (scripted is not null)
        {
            await AnswerAsync(context, scripted);
            return;
        }

        var answer = !valid ? ErrorBody("AuthFailure.SignatureFailure")
            : headers.GetValueOrDefault("X-TC-Version") != "2018-03-01" ? ErrorBody("NoSuchVersion")
            : action switch
            {
                "DetectAuth" => DetectAuth(JsonNode.Parse(body)!.AsObject()),
                "GetDetectInfoEnhanced" => Result(JsonNode.Parse(body)!.AsObject()),
                _ => ErrorBody("InvalidAction"),
            };
        await AnswerAsync(context, new FaceIdScripted(200, answer));
    }

    private string DetectAuth(JsonObject request)
    {
        if ((string?)request["RuleId"] != RuleId)
        {
            return ErrorBody("InvalidParameterValue.RuleIdNotExist");
        }

        var token = Issue((string?)request["Extra"] ?? string.Empty, (string?)request["Name"] ?? string.Empty, (string?)request["IdCard"] ?? string.Empty);
        return Wrap(new JsonObject { ["Url"] = $"https://kyc.qcloud.com/s/web/h5/#/entry?token={token}", ["BizToken"] = token });
    }

    /// <summary>The documented GetDetectInfoEnhanced shape: Text (DetectInfoText) and the other parts null, as InfoType 1 asks.</summary>
    private string Result(JsonObject request)
    {
        if ((string?)request["RuleId"] != RuleId)
        {
            return ErrorBody("InvalidParameterValue.RuleIdNotExist");
        }

        if (request["BizToken"]?.GetValue<string>() is not { } token || !checks.TryGetValue(token, out var check))
        {
            return ErrorBody("InvalidParameterValue.BizTokenIllegal");
        }

        var (errCode, errMsg, live, compare, sim) = check.Outcome switch
        {
            FaceIdOutcome.Passed => (0, "成功", (int?)0, (int?)0, "97.70"),
            FaceIdOutcome.LivenessFailed => (1002, "疑似非真人录制", 1002, null, null),
            FaceIdOutcome.ComparisonFailed => (2016, "无法判断为同一人，请确认身份后重试(相似度未达到通过阈值)", 0, 2016, "41.37"),
            _ => (17, "本次流程未完成", null, null, (string?)null),
        };
        var text = new JsonObject
        {
            ["ErrCode"] = errCode,
            ["ErrMsg"] = errMsg,
            ["IdCard"] = check.Outcome == FaceIdOutcome.NotFinished ? null : check.IdCard,
            ["UseIDType"] = 0,
            ["Name"] = check.Outcome == FaceIdOutcome.NotFinished ? null : check.Name,
            ["OcrNation"] = null,
            ["OcrAddress"] = null,
            ["OcrBirth"] = null,
            ["OcrAuthority"] = null,
            ["OcrValidDate"] = null,
            ["OcrName"] = null,
            ["OcrIdCard"] = null,
            ["OcrGender"] = null,
            ["IdInfoFrom"] = "其他",
            ["LiveStatus"] = live,
            ["LiveMsg"] = live is null ? null : live == 0 ? "成功" : errMsg,
            ["Comparestatus"] = compare,
            ["Comparemsg"] = compare is null ? null : compare == 0 ? "成功" : errMsg,
            ["Sim"] = sim,
            ["Location"] = null,
            ["Extra"] = check.Extra,
            ["LivenessDetail"] = new JsonArray(),
            ["Mobile"] = null,
            ["CompareLibType"] = "权威库",
            ["LivenessMode"] = 3,
        };
        return Wrap(new JsonObject
        {
            ["Text"] = text,
            ["IdCardData"] = null,
            ["BestFrame"] = null,
            ["VideoData"] = null,
            ["Encryption"] = null,
            ["IntentionVerifyData"] = null,
            ["IntentionQuestionResult"] = null,
            ["IntentionActionResult"] = null,
            ["EncryptedBody"] = null,
        });
    }

    private static string Wrap(JsonObject response)
    {
        response["RequestId"] = Guid.NewGuid().ToString();
        return new JsonObject { ["Response"] = response }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string ErrorBody(string code) => FaceIdScripted.Error(code).Body!;

    private Task AnswerAsync(HttpContext context, FaceIdScripted response) =>
        ScriptedAnswers.WriteAsync(context, response.Status, response.Body, response.Headers, response.Drop, response.Hang, app.Lifetime.ApplicationStopping);

    private sealed record Check(string Name, string IdCard, string Extra, FaceIdOutcome Outcome);
}
