using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace TaxIdentity.Core.Verification;

/// <summary>What a verification proves; a code or face check for one purpose can't be used for another.</summary>
public enum VerificationPurpose
{
    Register,
    Login,
    ResetPassword,
    ChangePassword,
    AddPhone,
    NewPhone,
    ModifyPhone,
    DeletePhone,
    ChangeUsername,
    Deregister,

    /// <summary>F8: proved by a face check whose provider result names the new name and the person's ID, never by SMS.</summary>
    ChangeName,
}

public static class VerificationPurposes
{
    /// <summary>Purposes asked for before sign-in, naming an account instead of a phone.</summary>
    public static bool IsAccountBased(this VerificationPurpose purpose) =>
        purpose is VerificationPurpose.Login or VerificationPurpose.ResetPassword;

    /// <summary>Purposes that send to a phone given in the request rather than the default phone.</summary>
    public static bool TakesPhone(this VerificationPurpose purpose) =>
        purpose is VerificationPurpose.Register or VerificationPurpose.NewPhone;

    /// <summary>Purposes only a face check proves (F8: the name is real-name data).</summary>
    public static bool IsFaceOnly(this VerificationPurpose purpose) => purpose is VerificationPurpose.ChangeName;

    public static bool NeedsSignIn(this VerificationPurpose purpose) =>
        purpose is not (VerificationPurpose.Register or VerificationPurpose.Login or VerificationPurpose.ResetPassword);
}

/// <summary>A verification presented with an operation: an SMS code's ID and code, or an approved face check's ID.</summary>
public sealed record VerificationProof(
    [property: Required, StringLength(64, MinimumLength = 1)] string? VerificationId,
    [property: RegularExpression("^[0-9]{6}$"), Description("The six-digit code of an SMS verification; none for a face check.")] string? Code);

public enum VerificationStatus
{
    Pending,
    Approved,
    Expired,
    Used,

    /// <summary>An SMS code whose phone and purpose ran out of wrong tries.</summary>
    Locked,
}

public sealed record VerificationState(VerificationStatus Status);
