using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Verification;

/// <summary>
/// The live code for one phone and purpose: partition "t|{phone}|{purpose}". A resend replaces the code
/// but keeps the verification ID and the wrong-try count.
/// </summary>
public sealed class SmsCodeThread : TableRow
{
    public string VerificationId { get; set; } = string.Empty;
    public string Phone { get; set; } = string.Empty;
    public string Purpose { get; set; } = string.Empty;
    public string? PersonId { get; set; }
    public string CodeHash { get; set; } = string.Empty;
    public int WrongTries { get; set; }
    public bool Used { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public static string KeyFor(string phone, VerificationPurpose purpose) => TableKeys.Compose("t", phone, purpose.ToText());
}

/// <summary>Finds the thread of a verification ID: partition "v|{verificationId}".</summary>
public sealed class SmsCodeLocator : TableRow
{
    public string ThreadKey { get; set; } = string.Empty;

    /// <summary>When the code it leads to expires; the cleanup deletes the locator after it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public static string KeyFor(string verificationId) => TableKeys.Compose("v", verificationId);
}
