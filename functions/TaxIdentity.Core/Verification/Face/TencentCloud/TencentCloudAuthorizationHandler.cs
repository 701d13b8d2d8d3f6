using System.Globalization;
using System.Net.Http.Headers;

namespace TaxIdentity.Core.Verification.Face.TencentCloud;

/// <summary>
/// Signs each attempt of a FaceID request with TC3-HMAC-SHA256, inside the resilience pipeline so that a retry carries
/// a fresh X-TC-Timestamp (Tencent refuses a signature more than five minutes old). Signs content-type, host and
/// x-tc-action, as sent. Counts the attempts in the request's options.
/// </summary>
public sealed class TencentCloudAuthorizationHandler(string secretId, string secretKey, TimeProvider time) : DelegatingHandler
{
    /// <summary>The headers the signature covers, as the documentation recommends.</summary>
    public const string SignedHeaders = "content-type;host;x-tc-action";

    internal static readonly HttpRequestOptionsKey<int> AttemptOption = new("TaxIdentity.FaceId.Attempt");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(AttemptOption, request.Options.TryGetValue(AttemptOption, out var attempts) ? attempts + 1 : 1);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var action = request.Headers.TryGetValues("X-TC-Action", out var actions) ? actions.First() : string.Empty;
        var now = time.GetUtcNow();
        var signature = Tc3Signer.Sign(
            secretId,
            secretKey,
            TencentCloudFaceProvider.Service,
            now,
            request.Method.Method,
            "/",
            string.Empty,
            [
                KeyValuePair.Create("content-type", request.Content?.Headers.ContentType?.ToString() ?? string.Empty),
                KeyValuePair.Create("host", request.RequestUri!.Authority),
                KeyValuePair.Create("x-tc-action", action),
            ],
            body);

        request.Headers.Remove("X-TC-Timestamp");
        request.Headers.Add("X-TC-Timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

        // TryAddWithoutValidation: the value's commas and slashes are not the token68 form the typed header expects.
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return await base.SendAsync(request, cancellationToken);
    }

    internal static int Attempts(HttpRequestMessage request) => request.Options.TryGetValue(AttemptOption, out var attempts) ? attempts : 0;

    internal static MediaTypeHeaderValue JsonContentType => new("application/json") { CharSet = "utf-8" };
}
