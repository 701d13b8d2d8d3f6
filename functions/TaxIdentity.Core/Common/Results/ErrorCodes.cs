namespace TaxIdentity.Core.Common.Results;

/// <summary>The stable error codes of the HTTP contract (api.md).</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string PasswordPolicy = "password_policy";
    public const string VerificationFailed = "verification_failed";
    public const string CaptchaFailed = "captcha_failed";
    public const string Unauthenticated = "unauthenticated";
    public const string InvalidCredentials = "invalid_credentials";
    public const string Forbidden = "forbidden";
    public const string AgreementRequired = "agreement_required";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string RateLimited = "rate_limited";
    public const string Unexpected = "unexpected";
    public const string Unavailable = "unavailable";
}
