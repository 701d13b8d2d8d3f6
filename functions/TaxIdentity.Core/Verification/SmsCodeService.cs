using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Throttling;
using TaxIdentity.Core.Verification.Sms;

namespace TaxIdentity.Core.Verification;

public sealed record SmsSent(string VerificationId, string PhoneMasked, DateTimeOffset ExpiresAt, DateTimeOffset ResendAfter);

/// <summary>
/// B1: six-digit one-time codes from a CSPRNG, stored as keyed hashes, bound to phone, purpose and person,
/// valid for minutes, single use, a few wrong tries per code thread (kept across resends), a resend
/// cool-down and a daily cap per phone.
/// </summary>
public sealed class SmsCodeService(
    TableStore store, ISmsSender sender, FixedWindowCounter counter, ServerKeys keys, IOptions<VerificationOptions> options, TimeProvider time)
{
    public const string IdPrefix = "s";

    private VerificationOptions Options => options.Value;

    public Task<Outcome<SmsSent>> SendAsync(string phone, VerificationPurpose purpose, string? personId, CancellationToken cancellationToken) =>
        SendAsync(phone, Mask.Phone(phone), purpose, personId, deliver: true, cancellationToken);

    /// <summary>
    /// The answer for an account that doesn't exist: kept like a real code (its ID across resends, the cool-down,
    /// the daily cap, its status) under a key no phone has, so none of them tells the two apart. Nothing is sent,
    /// and it never verifies: no phone or person matches it.
    /// </summary>
    public Task<Outcome<SmsSent>> SendDecoyAsync(string decoyKey, string phoneMasked, VerificationPurpose purpose, CancellationToken cancellationToken) =>
        SendAsync("decoy:" + decoyKey, phoneMasked, purpose, personId: null, deliver: false, cancellationToken);

    private async Task<Outcome<SmsSent>> SendAsync(
        string phone, string phoneMasked, VerificationPurpose purpose, string? personId, bool deliver, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.SmsCodes, cancellationToken);
        var key = SmsCodeThread.KeyFor(phone, purpose);
        string? code = null;
        var sent = await TableClientExtensions.RetryOnRaceAsync<Outcome<SmsCodeThread>>(async () =>
        {
            var now = time.GetUtcNow();
            var thread = await table.FindAsync<SmsCodeThread>(key, string.Empty, cancellationToken);
            var live = thread is { Used: false } && thread.ExpiresAt > now;
            if (live && now < thread!.SentAt.AddSeconds(Options.ResendSeconds))
            {
                return Problem.RateLimited(RetryAfter(thread.SentAt.AddSeconds(Options.ResendSeconds) - now));
            }

            if (live && thread!.WrongTries >= Options.MaxWrongTries)
            {
                // A resend must not reset the wrong tries: the thread stays locked until its code expires.
                return Problem.RateLimited(RetryAfter(thread.ExpiresAt - now));
            }

            var daily = await counter.TryTakeAsync("sms-day|" + phone, Options.DailySendsPerPhone, TimeSpan.FromDays(1), cancellationToken);
            if (!daily.Allowed)
            {
                return Problem.RateLimited(daily.RetryAfterSeconds);
            }

            var next = thread ?? new SmsCodeThread { PartitionKey = key };
            next.VerificationId = live ? thread!.VerificationId : IdPrefix + Ids.New(time);
            next.WrongTries = live ? thread!.WrongTries : 0;
            next.Phone = phone;
            next.Purpose = purpose.ToText();
            next.PersonId = personId;
            code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            next.CodeHash = keys.Hash(next.VerificationId + ":" + code);
            next.Used = false;
            next.SentAt = now;
            next.ExpiresAt = now.AddMinutes(Options.CodeMinutes);
            var saved = thread is null ? await table.TryAddAsync(next, cancellationToken) : await table.TryReplaceAsync(next, cancellationToken);
            return saved ? (Outcome<SmsCodeThread>?)next : null;
        });
        if (!sent.Succeeded)
        {
            return sent.Problem;
        }

        var saved = sent.Value;
        await table.UpsertEntityAsync(new SmsCodeLocator { PartitionKey = SmsCodeLocator.KeyFor(saved.VerificationId), ThreadKey = key, ExpiresAt = saved.ExpiresAt }, TableUpdateMode.Replace, cancellationToken);
        if (deliver)
        {
            await sender.SendAsync(new SmsMessage(phone, SmsText.For(purpose, code!, Options.CodeMinutes), purpose.ToText()), cancellationToken);
        }

        return new SmsSent(saved.VerificationId, phoneMasked, saved.ExpiresAt, saved.SentAt.AddSeconds(Options.ResendSeconds));
    }

    /// <summary>
    /// Checks the code. With <paramref name="consume"/> the code is spent; without, it is only checked (a wrong
    /// code still counts as a wrong try) and a right code passes even when already spent: the spending call
    /// decides, and a registration racing the one that spent the code learns of the taken phone (409).
    /// Bound to purpose, and to the phone and person when they are given.
    /// </summary>
    public async Task<Outcome<SmsCodeThread>> VerifyAsync(
        VerificationProof proof, VerificationPurpose purpose, string? phone, string? personId, bool consume, CancellationToken cancellationToken)
    {
        if (proof.VerificationId is not { Length: > 0 and <= 64 } id || proof.Code is not { Length: 6 } code || !code.All(char.IsAsciiDigit))
        {
            return VerificationProblems.Failed("A verification ID and a 6-digit code are required.");
        }

        var table = await store.GetTableAsync(TableNames.SmsCodes, cancellationToken);
        var locator = await table.FindAsync<SmsCodeLocator>(SmsCodeLocator.KeyFor(id), string.Empty, cancellationToken);
        if (locator is null)
        {
            return VerificationProblems.Failed();
        }

        return await TableClientExtensions.RetryOnRaceAsync<Outcome<SmsCodeThread>>(async () =>
        {
            var thread = await table.FindAsync<SmsCodeThread>(locator.ThreadKey, string.Empty, cancellationToken);
            if (thread is null || thread.VerificationId != id || thread.Purpose != purpose.ToText()
                || (phone is not null && thread.Phone != phone) || (personId is not null && thread.PersonId != personId))
            {
                return VerificationProblems.Failed();
            }

            if ((thread.Used && consume) || thread.ExpiresAt <= time.GetUtcNow() || thread.WrongTries >= Options.MaxWrongTries)
            {
                return VerificationProblems.Failed("The code has expired, was used, or had too many wrong tries; request a new one.");
            }

            if (!keys.Matches(id + ":" + code, thread.CodeHash))
            {
                thread.WrongTries++;
                return await table.TryReplaceAsync(thread, cancellationToken) ? (Outcome<SmsCodeThread>?)VerificationProblems.Failed("The code is wrong.") : null;
            }

            if (!consume)
            {
                return thread;
            }

            thread.Used = true;
            return await table.TryReplaceAsync(thread, cancellationToken) ? (Outcome<SmsCodeThread>?)thread : null;
        });
    }

    public async Task<VerificationState?> StatusAsync(string verificationId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.SmsCodes, cancellationToken);
        var locator = await table.FindAsync<SmsCodeLocator>(SmsCodeLocator.KeyFor(verificationId), string.Empty, cancellationToken);
        var thread = locator is null ? null : await table.FindAsync<SmsCodeThread>(locator.ThreadKey, string.Empty, cancellationToken);
        if (thread is null || thread.VerificationId != verificationId)
        {
            return null;
        }

        return new VerificationState(thread.Used ? VerificationStatus.Used : thread.ExpiresAt <= time.GetUtcNow() ? VerificationStatus.Expired : VerificationStatus.Pending);
    }

    private static int RetryAfter(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}

public static class VerificationProblems
{
    public static Problem Failed(string detail = "The verification is wrong, expired, used or not yours.") =>
        new(400, ErrorCodes.VerificationFailed, "Verification failed.", detail);
}

/// <summary>The texts of the bureau's SMS messages.</summary>
public static class SmsText
{
    public static string For(VerificationPurpose purpose, string code, int minutes) =>
        $"【电子税务局】您正在{Action(purpose)}，验证码{code}，{minutes}分钟内有效。请勿泄露给他人。";

    private static string Action(VerificationPurpose purpose) => purpose switch
    {
        VerificationPurpose.Register => "注册账号",
        VerificationPurpose.Login => "登录",
        VerificationPurpose.ResetPassword => "找回密码",
        VerificationPurpose.ChangePassword => "修改密码",
        VerificationPurpose.AddPhone or VerificationPurpose.NewPhone => "添加手机号码",
        VerificationPurpose.ModifyPhone => "修改手机号码",
        VerificationPurpose.DeletePhone => "删除手机号码",
        VerificationPurpose.ChangeUsername => "修改用户名",
        _ => "注销账号",
    };
}
