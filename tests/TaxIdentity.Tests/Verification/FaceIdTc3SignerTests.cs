using System.Text;
using TaxIdentity.Core.Verification.Face.TencentCloud;

namespace TaxIdentity.Tests.Verification;

/// <summary>
/// TC3-HMAC-SHA256 against the worked example of Tencent Cloud's "Signature v3" (签名方法 v3) page
/// (the one every product's API docs carry, e.g. cloud.tencent.com/document/product/215/36792: CVM DescribeInstances in
/// Guangzhou, the EXAMPLE key, timestamp 1551113065): the same key, timestamp and body
/// must give the page's canonical request, string to sign, signature and Authorization header, byte for byte.
/// </summary>
public sealed class FaceIdTc3SignerTests
{
    private const string SecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    private const string SecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

    // Raw literal: the payload carries the six characters \u672a, as the page's body does.
    private const string Payload = """{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}""";

    private const string CanonicalRequest =
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064";

    private const string StringToSign =
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";

    private const string Signature = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";

    private const string Authorization =
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";

    private static readonly DateTimeOffset Timestamp = DateTimeOffset.FromUnixTimeSeconds(1551113065);

    private static Tc3Signature Example() => Tc3Signer.Sign(
        SecretId,
        SecretKey,
        "cvm",
        Timestamp,
        "POST",
        "/",
        string.Empty,
        [KeyValuePair.Create("Content-Type", "application/json; charset=utf-8"), KeyValuePair.Create("Host", "cvm.tencentcloudapi.com")],
        Encoding.UTF8.GetBytes(Payload));

    [Fact]
    public void Signer_WorkedExample_HashesThePayloadAsThePageDoes() =>
        Assert.Equal("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", Tc3Signer.Sha256Hex(Encoding.UTF8.GetBytes(Payload)));

    [Fact]
    public void Signer_WorkedExample_GivesThePagesCanonicalRequest() => Assert.Equal(CanonicalRequest, Example().CanonicalRequest);

    [Fact]
    public void Signer_WorkedExample_GivesThePagesStringToSign() => Assert.Equal(StringToSign, Example().StringToSign);

    [Fact]
    public void Signer_WorkedExample_GivesThePagesSignature() => Assert.Equal(Signature, Example().Signature);

    [Fact]
    public void Signer_WorkedExample_GivesThePagesAuthorizationHeader() => Assert.Equal(Authorization, Example().Authorization);

    [Fact]
    public void Signer_Date_IsTheUtcDayOfTheTimestamp()
    {
        // 1551113065 is 2019-02-26 00:44:25 in Beijing: the page warns that the scope's date is still 2019-02-25.
        Assert.Equal("2019-02-25", Tc3Signer.Date(Timestamp));
        Assert.Equal("2019-02-25/cvm/tc3_request", Tc3Signer.CredentialScope(Tc3Signer.Date(Timestamp), "cvm"));
    }

    [Fact]
    public void Signer_CurrentPageVersion_SigningXTcActionToo_GivesItsCanonicalRequest()
    {
        // The page's current version also signs x-tc-action (lower-cased value) and shows this canonical request and
        // its hash; its key is masked there, so only these two steps can be compared.
        var signed = Tc3Signer.Sign(
            SecretId,
            SecretKey,
            "cvm",
            Timestamp,
            "POST",
            "/",
            string.Empty,
            [KeyValuePair.Create("X-TC-Action", "DescribeInstances"), KeyValuePair.Create("Host", "cvm.tencentcloudapi.com"), KeyValuePair.Create("Content-Type", "application/json; charset=utf-8")],
            Encoding.UTF8.GetBytes(Payload));

        Assert.Equal(
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
            signed.CanonicalRequest);
        Assert.EndsWith("\n7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84", signed.StringToSign, StringComparison.Ordinal);
        Assert.Contains("SignedHeaders=content-type;host;x-tc-action,", signed.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Stub_Verifier_AcceptsWhatTheSignerMakes_AndRefusesATamperedOrStaleRequest()
    {
        // The stub's verifier (written out independently) accepts what the signer makes for the faceid service.
        var body = """{"RuleId":"7"}"""u8.ToArray();
        var now = DateTimeOffset.FromUnixTimeSeconds(1_760_000_000);
        var signed = Tc3Signer.Sign(
            FaceIdStub.SecretId, FaceIdStub.SecretKey, "faceid", now, "POST", "/", string.Empty,
            [KeyValuePair.Create("content-type", "application/json; charset=utf-8"), KeyValuePair.Create("host", "127.0.0.1:5000"), KeyValuePair.Create("x-tc-action", "DetectAuth")],
            body);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Authorization"] = signed.Authorization,
            ["X-TC-Timestamp"] = "1760000000",
            ["Content-Type"] = "application/json; charset=utf-8",
            ["Host"] = "127.0.0.1:5000",
            ["X-TC-Action"] = "DetectAuth",
        };

        Assert.True(FaceIdStub.SignatureHolds(headers, body, now));
        Assert.False(FaceIdStub.SignatureHolds(headers, """{"RuleId":"8"}"""u8.ToArray(), now));
        Assert.False(FaceIdStub.SignatureHolds(headers, body, now.AddMinutes(6)));
    }
}
