using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Network;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Login;

public enum LoginMode
{
    Enterprise,
    SpecificSubject,
    NonResident,
    Personal,
}

/// <summary>Where a login request came from, for throttling and the login log.</summary>
public sealed record ClientInfo(string Ip, string? UserAgent)
{
    /// <summary>The key per-client limits count under (an IPv6 client by its /64).</summary>
    public string ThrottleKey => ClientAddressResolver.ThrottleKey(Ip);
}

/// <summary>POST /api/auth/login (A2-A5).</summary>
public sealed record PasswordLoginRequest(
    [property: Required] LoginMode? Mode,
    [property: RegularExpression(TaxpayerId.Pattern), Description(LoginFields.CreditCode), RequiredWhen(nameof(PasswordLoginRequest.Mode), LoginMode.Enterprise, LoginMode.SpecificSubject, LoginMode.NonResident)]
    string? CreditCode,
    [property: Description(LoginFields.SubjectType), RequiredWhen(nameof(PasswordLoginRequest.Mode), LoginMode.SpecificSubject)] SpecificSubjectType? SubjectType,
    [property: Required, StringLength(AccountDirectory.MaxAccountLength, MinimumLength = 1), Description(LoginFields.Account)] string? Account,
    [property: Required, MinLength(1)] string? Password,
    [property: Description(LoginFields.IdentityType)] IdentityType? IdentityType,
    [property: Required] CaptchaAnswer? Captcha);

/// <summary>POST /api/auth/login/sms (A6).</summary>
public sealed record SmsLoginRequest(
    [property: Required] LoginMode? Mode,
    [property: RegularExpression(TaxpayerId.Pattern), Description(LoginFields.CreditCode), RequiredWhen(nameof(SmsLoginRequest.Mode), LoginMode.Enterprise, LoginMode.SpecificSubject, LoginMode.NonResident)]
    string? CreditCode,
    [property: Description(LoginFields.SubjectType), RequiredWhen(nameof(SmsLoginRequest.Mode), LoginMode.SpecificSubject)] SpecificSubjectType? SubjectType,
    [property: Required, StringLength(AccountDirectory.MaxAccountLength, MinimumLength = 1), Description(LoginFields.Account)] string? Account,
    [property: Required] VerificationProof? Verification,
    [property: Description(LoginFields.IdentityType)] IdentityType? IdentityType);

/// <summary>Descriptions the login requests share in the OpenAPI document.</summary>
internal static class LoginFields
{
    public const string CreditCode = "The enterprise to sign in to; required in the enterprise, specificSubject and nonResident modes.";
    public const string SubjectType = "Required in the specificSubject mode.";
    public const string Account = "Phone number, ID number or username.";
    public const string IdentityType = "The identity to act as in the enterprise; the highest-ranked one held when omitted.";
}

/// <summary>Brute-force protection (A12). Bound from the <c>Login</c> section.</summary>
public sealed class LoginOptions
{
    public const string Section = "Login";

    [Range(1, 100, ErrorMessage = "Login:MaxFailures (Login__MaxFailures) must be between 1 and 100.")]
    public int MaxFailures { get; set; } = 5;

    /// <summary>The longest a lockout lasts (A12).</summary>
    public const int MaxLockoutMinutes = 15;

    /// <summary>The first lockout; each further one doubles, up to <see cref="MaxLockoutMinutes"/>.</summary>
    [Range(1, MaxLockoutMinutes, ErrorMessage = "Login:LockoutMinutes (Login__LockoutMinutes) must be between 1 and 15.")]
    public int LockoutMinutes { get; set; } = 5;

    /// <summary>Login, registration and SMS requests one client IP may make per minute.</summary>
    [Range(1, 100_000, ErrorMessage = "Login:RequestsPerMinutePerClient (Login__RequestsPerMinutePerClient) must be between 1 and 100000.")]
    public int RequestsPerMinutePerClient { get; set; } = 30;

    /// <summary>Password attempts one account (known or not) may take per minute, from whatever addresses.</summary>
    [Range(1, 100_000, ErrorMessage = "Login:AttemptsPerMinutePerAccount (Login__AttemptsPerMinutePerAccount) must be between 1 and 100000.")]
    public int AttemptsPerMinutePerAccount { get; set; } = 10;

    /// <summary>QR login tickets one client IP may create per minute (A7, A8).</summary>
    [Range(1, 100_000, ErrorMessage = "Login:QrTicketsPerMinutePerClient (Login__QrTicketsPerMinutePerClient) must be between 1 and 100000.")]
    public int QrTicketsPerMinutePerClient { get; set; } = 10;
}
