using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging;

namespace TaxIdentity.Core.Verification.Sms;

/// <summary>
/// Authorizes each attempt of an ACS request, inside the resilience pipeline so that a retry is signed afresh
/// (ACS refuses a stale x-ms-date): HMAC-SHA256 with the access key of the connection string, or a Microsoft Entra
/// bearer token (cached per credential, dropped when ACS answers 401). Counts the attempts in the request's options.
/// </summary>
public sealed partial class AcsAuthorizationHandler : DelegatingHandler
{
    internal static readonly TimeSpan TokenRefreshMargin = TimeSpan.FromMinutes(5);

    // Handlers are rebuilt as the factory rotates them; the token lives as long as the (singleton) credential it came from.
    private static readonly ConditionalWeakTable<TokenCredential, TokenCache> TokenCaches = [];

    private readonly AcsConnectionString? connection;
    private readonly TokenCache? tokens;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    /// <summary>The credential is used only when the target has no access key, and is required then.</summary>
    public AcsAuthorizationHandler(AcsTarget target, TokenCredential? credential, TimeProvider time, ILogger<AcsSmsSender> logger)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.time = time;
        this.logger = logger;
        connection = target.Connection;
        if (connection is null)
        {
            tokens = TokenCaches.GetValue(
                credential ?? throw new InvalidOperationException("With Sms:Endpoint, ACS is reached with a Microsoft Entra token, and no TokenCredential was given."),
                static c => new TokenCache(c));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(AcsSmsSender.AttemptOption, request.Options.TryGetValue(AcsSmsSender.AttemptOption, out var attempts) ? attempts + 1 : 1);
        string? token = null;
        if (connection is not null)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var signature = AcsRequestSigner.Sign(request.Method, request.RequestUri!, body, time.GetUtcNow(), connection.AccessKey);
            request.Headers.Remove("x-ms-date");
            request.Headers.Remove("x-ms-content-sha256");
            request.Headers.Add("x-ms-date", signature.Date);
            request.Headers.Add("x-ms-content-sha256", signature.ContentHash);
            request.Headers.Authorization = new AuthenticationHeaderValue(AcsRequestSigner.Scheme, signature.AuthorizationParameter);
        }
        else
        {
            token = await GetTokenAsync(cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null)
        {
            tokens!.Forget(token);
        }

        return response;
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await tokens!.GetAsync(time, cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationFailedException or RequestFailedException)
        {
            LogNoToken(logger, e);
            throw new SmsDeliveryException("No Microsoft Entra token for ACS could be obtained; check the app's managed identity.", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "No Microsoft Entra token for ACS could be obtained")]
    private static partial void LogNoToken(ILogger logger, Exception exception);

    /// <summary>One token per credential, reused until <see cref="TokenRefreshMargin"/> before it expires.</summary>
    private sealed class TokenCache(TokenCredential credential)
    {
        private CachedToken? current;

        public async ValueTask<string> GetAsync(TimeProvider time, CancellationToken cancellationToken)
        {
            var cached = Volatile.Read(ref current);
            if (cached is not null && time.GetUtcNow() < cached.RefreshAt)
            {
                return cached.Token;
            }

            // Concurrent refreshes may both ask; the credential copes, and the last answer wins.
            var token = await credential.GetTokenAsync(new TokenRequestContext([AcsSmsSender.TokenScope]), cancellationToken);
            Volatile.Write(ref current, new CachedToken(token.Token, token.ExpiresOn - TokenRefreshMargin));
            return token.Token;
        }

        /// <summary>Drops a token ACS refused, so the next message asks for a new one.</summary>
        public void Forget(string? token)
        {
            var cached = Volatile.Read(ref current);
            if (cached is not null && cached.Token == token)
            {
                Interlocked.CompareExchange(ref current, null, cached);
            }
        }
    }

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}
