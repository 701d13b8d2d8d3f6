using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Login;

namespace TaxIdentity.Core.Verification;

public sealed record CaptchaChallenge([property: AllowedValues(CaptchaService.Algorithm)] string Algorithm, string Salt, int Difficulty);

public sealed record CaptchaIssued(string CaptchaId, CaptchaChallenge Challenge, DateTimeOffset ExpiresAt);

/// <summary>The client's answer: a decimal nonce.</summary>
public sealed record CaptchaAnswer(
    [property: Required, StringLength(64, MinimumLength = 1)] string? CaptchaId,
    [property: Required, RegularExpression("^[0-9]{1,32}$")] string? Answer);

public sealed class CaptchaEntity : TableRow
{
    public string Salt { get; set; } = string.Empty;
    public int Difficulty { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// A8: one-time, short-lived proof-of-work captchas. A captcha is spent by the first attempt that presents
/// it, right or wrong, and is checked before any password work.
/// </summary>
public sealed class CaptchaService(TableStore store, ClientThrottle throttle, IOptions<CaptchaOptions> options, TimeProvider time)
{
    public const string Algorithm = "SHA-256";

    /// <summary>A new captcha, unless the client has had its share this minute (A8).</summary>
    public async Task<Outcome<CaptchaIssued>> IssueAsync(ClientInfo client, CancellationToken cancellationToken)
    {
        if (await throttle.TakeAsync("captcha", client, options.Value.IssuesPerMinutePerClient, cancellationToken) is { } throttled)
        {
            return throttled;
        }

        var table = await store.GetTableAsync(TableNames.Captchas, cancellationToken);
        var captcha = new CaptchaEntity
        {
            PartitionKey = Ids.New(time),
            Salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Difficulty = options.Value.Difficulty,
            ExpiresAt = time.GetUtcNow().AddSeconds(options.Value.LifetimeSeconds),
        };
        await table.AddEntityAsync(captcha, cancellationToken);
        return new CaptchaIssued(captcha.PartitionKey, new CaptchaChallenge(Algorithm, captcha.Salt, captcha.Difficulty), captcha.ExpiresAt);
    }

    /// <summary>Spends the captcha; succeeds only for a live, unspent captcha with a correct answer.</summary>
    public async Task<Problem?> SpendAsync(CaptchaAnswer? answer, CancellationToken cancellationToken)
    {
        if (answer?.CaptchaId is not { Length: > 0 and <= 64 } id || answer.Answer is not { Length: > 0 and <= 32 } nonce)
        {
            return Failed("A captcha answer is required.");
        }

        var table = await store.GetTableAsync(TableNames.Captchas, cancellationToken);
        var captcha = await table.FindAsync<CaptchaEntity>(TableKeys.Encode(id), string.Empty, cancellationToken);
        if (captcha is null)
        {
            return Failed("The captcha is unknown or already used.");
        }

        try
        {
            await table.DeleteEntityAsync(captcha.PartitionKey, captcha.RowKey, captcha.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return Failed("The captcha is unknown or already used.");
        }

        if (captcha.ExpiresAt <= time.GetUtcNow())
        {
            return Failed("The captcha has expired.");
        }

        return IsSolution(captcha.Salt, nonce, captcha.Difficulty) ? null : Failed("The captcha answer is wrong.");
    }

    /// <summary>Whether SHA-256 of the UTF-8 string salt + nonce starts with at least <paramref name="difficulty"/> zero bits.</summary>
    public static bool IsSolution(string salt, string nonce, int difficulty)
    {
        if (!nonce.All(char.IsAsciiDigit))
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(salt + nonce));
        for (var bit = 0; bit < difficulty; bit++)
        {
            if ((hash[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Finds an answer the way a browser would; for tests, benchmarks and the sample client.</summary>
    public static string Solve(string salt, int difficulty)
    {
        for (long nonce = 0; ; nonce++)
        {
            var text = nonce.ToString(CultureInfo.InvariantCulture);
            if (IsSolution(salt, text, difficulty))
            {
                return text;
            }
        }
    }

    private static Problem Failed(string detail) => new(400, ErrorCodes.CaptchaFailed, "Captcha failed.", detail);
}
