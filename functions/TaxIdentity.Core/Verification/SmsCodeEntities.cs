using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Verification;

/// <summary>
/// One phone and purpose: partition "t|{phone}|{purpose}". It holds what the codes sent there share: the round's wrong
/// tries (counted across every code of the round, so a resend does not reset them: once they reach the limit no new
/// code is sent there until the round ends, while each code sent keeps its own tries), the resend cool-down (from
/// the last message ACS accepted) and a claim while a message is on its way, so two requests can't both send.
/// A round ends when its last code expires; the next send starts a new one.
/// </summary>
public sealed class SmsCodeThread : TableRow
{
    public string Phone { get; set; } = string.Empty;
    public string Purpose { get; set; } = string.Empty;
    public int WrongTries { get; set; }

    /// <summary>When the last message was accepted; the resend cool-down runs from here.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>A message is being sent until then (or until the sender answers); nobody else sends meanwhile.</summary>
    public DateTimeOffset? SendingUntil { get; set; }

    /// <summary>When the round ends: its last code expires. The row is worthless afterwards.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public static string KeyFor(string phone, VerificationPurpose purpose) => TableKeys.Compose("t", phone, purpose.ToText());

    public bool IsLive(DateTimeOffset now) => ExpiresAt > now;
}

/// <summary>One code as one request received it: partition "v|{verificationId}". Each request gets its own.</summary>
public sealed class SmsCodeEntity : TableRow
{
    /// <summary>The <see cref="SmsCodeThread"/> whose wrong tries this code counts against.</summary>
    public string ThreadKey { get; set; } = string.Empty;
    public string Phone { get; set; } = string.Empty;
    public string Purpose { get; set; } = string.Empty;
    public string? PersonId { get; set; }
    public string CodeHash { get; set; } = string.Empty;

    /// <summary>Wrong tries on this code; at the limit it is locked, whoever else guessed at other codes of the phone.</summary>
    public int WrongTries { get; set; }

    public bool Used { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public static string KeyFor(string verificationId) => TableKeys.Compose("v", verificationId);
}
