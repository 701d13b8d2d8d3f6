using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Verification.Sms;

namespace TaxIdentity.Core.Verification;

/// <summary>The answer to a code request; <see cref="PhoneMasked"/> is left out where it would tell who holds an account.</summary>
public sealed record SmsSent(string VerificationId, string? PhoneMasked, DateTimeOffset ExpiresAt, DateTimeOffset ResendAfter);

/// <summary>
/// B1: six-digit one-time codes from a CSPRNG, stored as keyed hashes, bound to phone, purpose and person, valid
/// for minutes and single use. Every request gets a code and a verification ID of its own; what the codes for one
/// phone and purpose share (wrong tries, the resend cool-down) is kept on their <see cref="SmsCodeThread"/>. The
/// cool-down and the daily budgets (<see cref="SmsBudget"/>) start only once the provider accepted the message; a
/// message it did not accept answers 503 and leaves nothing behind.
/// </summary>
public sealed partial class SmsCodeService(
    TableStore store,
    ISmsSender sender,
    SmsBudget budget,
    ServerKeys keys,
    IOptions<VerificationOptions> options,
    IOptions<SmsOptions> smsOptions,
    TimeProvider time,
    ILogger<SmsCodeService> logger)
{
    public const string IdPrefix = "s";

    /// <summary>How soon a client may try again after the provider failed, when the provider did not say.</summary>
    private const int UnavailableRetrySeconds = 30;

    private VerificationOptions Options => options.Value;

    /// <summary>
    /// How long a send holds its phone and purpose against other sends: past the sender's deadline, so that a
    /// process that died mid-send frees them by itself.
    /// </summary>
    private TimeSpan ClaimFor => TimeSpan.FromSeconds(smsOptions.Value.DeadlineSeconds + 10);

    /// <summary>Sends a code to the charge's phone, counting it against the budgets the charge names.</summary>
    public Task<Outcome<SmsSent>> SendAsync(SmsCharge charge, VerificationPurpose purpose, string? personId, CancellationToken cancellationToken) =>
        SendAsync(charge, purpose, personId, deliver: true, cancellationToken);

    /// <summary>
    /// The answer for an account that doesn't exist (or can't receive anonymous codes): kept like a real code (its
    /// cool-down, budgets and status) under a key no phone has, so none of them tells the two apart. Nothing is
    /// sent, and it never verifies: no phone or person matches it.
    /// </summary>
    public Task<Outcome<SmsSent>> SendDecoyAsync(string decoyKey, VerificationPurpose purpose, string anonymousClient, CancellationToken cancellationToken) =>
        SendAsync(SmsCharge.Anonymous("decoy:" + decoyKey, anonymousClient), purpose, personId: null, deliver: false, cancellationToken);

    private async Task<Outcome<SmsSent>> SendAsync(SmsCharge charge, VerificationPurpose purpose, string? personId, bool deliver, CancellationToken cancellationToken)
    {
        var phone = charge.Phone;
        if (await budget.CheckAsync(charge, cancellationToken) is { } overBudget)
        {
            return overBudget;
        }

        var table = await store.GetTableAsync(TableNames.SmsCodes, cancellationToken);
        var threadKey = SmsCodeThread.KeyFor(phone, purpose);
        var claim = await ClaimAsync(table, threadKey, phone, purpose, cancellationToken);
        if (!claim.Succeeded)
        {
            return claim.Problem;
        }

        var verificationId = IdPrefix + Ids.New(time);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var now = time.GetUtcNow();
        var issued = new SmsCodeEntity
        {
            PartitionKey = SmsCodeEntity.KeyFor(verificationId),
            ThreadKey = threadKey,
            Phone = phone,
            Purpose = purpose.ToText(),
            PersonId = personId,
            CodeHash = keys.Hash(verificationId + ":" + code),
            SentAt = now,
            ExpiresAt = now.AddMinutes(Options.CodeMinutes),
        };
        await table.AddEntityAsync(issued, cancellationToken);

        if (deliver)
        {
            try
            {
                await sender.SendAsync(new SmsMessage(phone, SmsText.For(purpose, code, Options.CodeMinutes), purpose.ToText()), cancellationToken);
            }
            catch (SmsDeliveryException e)
            {
                LogNotSent(logger, e, purpose.ToText());
                await WithdrawAsync(table, issued, claim.Value, cancellationToken);
                return Problem.Unavailable(Math.Clamp((int)Math.Ceiling(e.RetryAfter?.TotalSeconds ?? UnavailableRetrySeconds), 1, 3600));
            }
        }

        // Counted once, now that the message was accepted.
        await budget.TakeAsync(charge, cancellationToken);
        var sentAt = await ReleaseAsync(table, claim.Value, issued.ExpiresAt, cancellationToken);
        return new SmsSent(verificationId, purpose.IsAccountBased() ? null : Mask.Phone(phone), issued.ExpiresAt, sentAt.AddSeconds(Options.ResendSeconds));
    }

    /// <summary>
    /// Takes the phone and purpose for one send, unless a send is under way, the cool-down runs or the round's wrong
    /// tries are used up (429 with the wait). A round that has ended starts a new one with no wrong tries.
    /// </summary>
    private Task<Outcome<SmsCodeThread>> ClaimAsync(TableClient table, string threadKey, string phone, VerificationPurpose purpose, CancellationToken cancellationToken) =>
        TableClientExtensions.RetryOnRaceAsync<Outcome<SmsCodeThread>>(async () =>
        {
            var now = time.GetUtcNow();
            var thread = await table.FindAsync<SmsCodeThread>(threadKey, string.Empty, cancellationToken);
            if (thread is not null && WaitBeforeSending(thread, now) is { } wait)
            {
                return Problem.RateLimited(Seconds(wait));
            }

            var next = thread ?? new SmsCodeThread { PartitionKey = threadKey, Phone = phone, Purpose = purpose.ToText() };
            if (!next.IsLive(now))
            {
                next.WrongTries = 0;
            }

            next.SendingUntil = now + ClaimFor;
            next.ExpiresAt = next.ExpiresAt > next.SendingUntil ? next.ExpiresAt : next.SendingUntil.Value;
            var saved = thread is null ? await table.TryAddAsync(next, cancellationToken) : await table.TryReplaceAsync(next, cancellationToken);
            return saved ? (Outcome<SmsCodeThread>?)next : null;
        });

    private TimeSpan? WaitBeforeSending(SmsCodeThread thread, DateTimeOffset now) =>
        thread.SendingUntil > now ? thread.SendingUntil.Value - now
        : thread.SentAt?.AddSeconds(Options.ResendSeconds) is { } resendAt && resendAt > now ? resendAt - now
        : thread.IsLive(now) && thread.WrongTries >= Options.MaxWrongTries ? thread.ExpiresAt - now
        : null;

    /// <summary>The message was accepted: the cool-down starts, the round lasts at least as long as the new code.</summary>
    private async Task<DateTimeOffset> ReleaseAsync(TableClient table, SmsCodeThread claim, DateTimeOffset codeExpiresAt, CancellationToken cancellationToken)
    {
        var sentAt = time.GetUtcNow();
        await UpdateClaimedAsync(table, claim, thread =>
        {
            thread.SentAt = sentAt;
            thread.ExpiresAt = thread.ExpiresAt > codeExpiresAt ? thread.ExpiresAt : codeExpiresAt;
        }, cancellationToken);
        return sentAt;
    }

    /// <summary>The message was not accepted: its code goes, and the phone and purpose are free again with no cool-down.</summary>
    private static async Task WithdrawAsync(TableClient table, SmsCodeEntity issued, SmsCodeThread claim, CancellationToken cancellationToken)
    {
        await table.DeleteEntityAsync(issued.PartitionKey, issued.RowKey, ETag.All, cancellationToken);
        await UpdateClaimedAsync(table, claim, _ => { }, cancellationToken);
    }

    /// <summary>Ends this send's claim (only if it still holds it) after applying <paramref name="change"/>.</summary>
    private static Task<bool> UpdateClaimedAsync(TableClient table, SmsCodeThread claim, Action<SmsCodeThread> change, CancellationToken cancellationToken) =>
        TableClientExtensions.RetryOnRaceAsync<bool>(async () =>
        {
            var thread = await table.FindAsync<SmsCodeThread>(claim.PartitionKey, string.Empty, cancellationToken)
                ?? new SmsCodeThread { PartitionKey = claim.PartitionKey, Phone = claim.Phone, Purpose = claim.Purpose, ExpiresAt = claim.ExpiresAt };
            change(thread);
            if (thread.SendingUntil == claim.SendingUntil)
            {
                thread.SendingUntil = null;
            }

            var saved = thread.ETag == default ? await table.TryAddAsync(thread, cancellationToken) : await table.TryReplaceAsync(thread, cancellationToken);
            return saved ? true : null;
        });

    /// <summary>
    /// Checks the code. With <paramref name="consume"/> the code is spent; without, it is only checked (a wrong
    /// code still counts as a wrong try) and a right code passes even when already spent: the spending call
    /// decides, and a caller that must not act on a spent code checks <see cref="SmsCodeEntity.Used"/>.
    /// Bound to purpose, and to the phone and person when they are given. Wrong tries count against this code (five
    /// lock it) and against its phone and purpose's round (which then sends no new code until it ends), so a stranger
    /// guessing at the code they had sent to someone's phone never locks that person's own code.
    /// </summary>
    public async Task<Outcome<SmsCodeEntity>> VerifyAsync(
        VerificationProof proof, VerificationPurpose purpose, string? phone, string? personId, bool consume, CancellationToken cancellationToken)
    {
        if (proof.VerificationId is not { Length: > 0 and <= 64 } id || proof.Code is not { Length: 6 } code || !code.All(char.IsAsciiDigit))
        {
            return VerificationProblems.Failed("A verification ID and a 6-digit code are required.");
        }

        var table = await store.GetTableAsync(TableNames.SmsCodes, cancellationToken);
        string? wrongTryOf = null;
        var checkedCode = await TableClientExtensions.RetryOnRaceAsync<Outcome<SmsCodeEntity>>(async () =>
        {
            wrongTryOf = null;
            var issued = await table.FindAsync<SmsCodeEntity>(SmsCodeEntity.KeyFor(id), string.Empty, cancellationToken);
            if (issued is null || issued.Purpose != purpose.ToText()
                || (phone is not null && issued.Phone != phone) || (personId is not null && issued.PersonId != personId))
            {
                return VerificationProblems.Failed();
            }

            if ((issued.Used && consume) || issued.ExpiresAt <= time.GetUtcNow() || issued.WrongTries >= Options.MaxWrongTries)
            {
                return VerificationProblems.Failed("The code has expired, was used, or had too many wrong tries; request a new one.");
            }

            if (!keys.Matches(id + ":" + code, issued.CodeHash))
            {
                issued.WrongTries++;
                wrongTryOf = issued.ThreadKey;
                return await table.TryReplaceAsync(issued, cancellationToken) ? (Outcome<SmsCodeEntity>?)VerificationProblems.Failed("The code is wrong.") : null;
            }

            if (!consume)
            {
                return issued;
            }

            issued.Used = true;
            return await table.TryReplaceAsync(issued, cancellationToken) ? (Outcome<SmsCodeEntity>?)issued : null;
        });
        if (wrongTryOf is not null && !checkedCode.Succeeded)
        {
            await CountWrongTryAsync(table, wrongTryOf, cancellationToken);
        }
        else if (consume && checkedCode.Succeeded)
        {
            await StartAfreshAsync(table, checkedCode.Value.ThreadKey, cancellationToken);
        }

        return checkedCode;
    }

    /// <summary>A wrong try also counts against the round of the code's phone and purpose, which holds back new codes at the limit.</summary>
    private static Task<bool> CountWrongTryAsync(TableClient table, string threadKey, CancellationToken cancellationToken) =>
        TableClientExtensions.RetryOnRaceAsync<bool>(async () =>
        {
            var thread = await table.FindAsync<SmsCodeThread>(threadKey, string.Empty, cancellationToken);
            if (thread is null)
            {
                return true;
            }

            thread.WrongTries++;
            return await table.TryReplaceAsync(thread, cancellationToken) ? true : null;
        });

    /// <summary>
    /// A code was used: its phone's owner has had it, so the next request for the phone and purpose waits for no
    /// cool-down and starts with no wrong tries, as a new round would.
    /// </summary>
    private static Task<bool> StartAfreshAsync(TableClient table, string threadKey, CancellationToken cancellationToken) =>
        TableClientExtensions.RetryOnRaceAsync<bool>(async () =>
        {
            var thread = await table.FindAsync<SmsCodeThread>(threadKey, string.Empty, cancellationToken);
            if (thread is null)
            {
                return true;
            }

            (thread.SentAt, thread.WrongTries) = (null, 0);
            return await table.TryReplaceAsync(thread, cancellationToken) ? true : null;
        });

    public async Task<VerificationState?> StatusAsync(string verificationId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.SmsCodes, cancellationToken);
        var issued = await table.FindAsync<SmsCodeEntity>(SmsCodeEntity.KeyFor(verificationId), string.Empty, cancellationToken);
        if (issued is null)
        {
            return null;
        }

        if (issued.Used || issued.ExpiresAt <= time.GetUtcNow())
        {
            return new VerificationState(issued.Used ? VerificationStatus.Used : VerificationStatus.Expired);
        }

        return new VerificationState(issued.WrongTries >= Options.MaxWrongTries ? VerificationStatus.Locked : VerificationStatus.Pending);
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Purpose} code could not be sent; the request was answered 503")]
    private static partial void LogNotSent(ILogger logger, Exception exception, string purpose);
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
