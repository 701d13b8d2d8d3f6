namespace TaxIdentity.Core.Common.Configuration;

/// <summary>Where a setting's value comes from when the app runs in Azure.</summary>
public enum SettingSource
{
    /// <summary>A plain app setting written by the Bicep template.</summary>
    AppSetting,

    /// <summary>A Key Vault reference written by the Bicep template, to a secret the template generates.</summary>
    KeyVault,

    /// <summary>A Key Vault reference written by the Bicep template, to a secret the operator puts into the vault (a third party's credential).</summary>
    KeyVaultProvided,

    /// <summary>Optional; the default applies unless an operator sets it.</summary>
    Optional,
}

/// <summary>One app setting the platform reads, in environment-variable form (sections joined by <c>__</c>).</summary>
public sealed record SettingInfo(string Name, SettingSource AzureSource, string Description, string LocalValue);

/// <summary>
/// Every setting the platform's options bind, so the README's table, the Bicep template and the
/// start-up validation can be checked against one list.
/// </summary>
public static class SettingsCatalog
{
    public static IReadOnlyList<SettingInfo> All { get; } =
    [
        new("Tables__ServiceUri", SettingSource.AppSetting, "Table service endpoint of the platform's storage account (managed identity).", "not set"),
        new("Tables__ConnectionString", SettingSource.Optional, "Connection string for the platform's tables; local runs only (Azurite). Set this or Tables__ServiceUri.", "UseDevelopmentStorage=true"),
        new("Tables__Prefix", SettingSource.Optional, "Letters and digits put before every table name, so runs and tests never share tables.", "empty"),
        new("AZURE_CLIENT_ID", SettingSource.AppSetting, "Client ID of the user-assigned managed identity the app uses for storage, Service Bus and ACS.", "not set"),
        new("Operator__Key", SettingSource.KeyVault, "Key the tax office sends in X-Operator-Key; unset means the operator endpoints answer 404.", "development value in local.settings.sample.json"),
        new("App__Key", SettingSource.KeyVault, "Key the mobile app sends in X-App-Key.", "development value in local.settings.sample.json"),
        new("Tokens__SigningKey", SettingSource.KeyVault, "Base64 key (at least 32 bytes) that signs access tokens; each token names it by its thumbprint (kid).", "generated at start when unset in Development"),
        new("Tokens__PreviousSigningKey", SettingSource.Optional, "The signing key before the last rotation, still accepted (never used to sign) until Tokens__PreviousSigningKeyUntil.", "not set"),
        new("Tokens__PreviousSigningKeyUntil", SettingSource.Optional, "When the previous signing key stops being accepted (ISO 8601, UTC): the end of the rotation's overlap.", "not set"),
        new("Tokens__HashingKey", SettingSource.KeyVault, "Base64 key (at least 32 bytes), not the signing key, under which refresh tokens and SMS codes are stored as keyed hashes.", "generated at start when unset in Development"),
        new("Tokens__Issuer", SettingSource.AppSetting, "Issuer written into and required of access tokens.", "tax-identity-local"),
        new("Tokens__AccessTokenMinutes", SettingSource.Optional, "Access-token lifetime in minutes.", "15"),
        new("Sms__Provider", SettingSource.AppSetting, "Acs in Azure; Development writes messages to the log and the development inbox.", "Development"),
        new("Sms__Endpoint", SettingSource.AppSetting, "Azure Communication Services endpoint (managed identity).", "not set"),
        new("Sms__ConnectionString", SettingSource.Optional, "ACS connection string with an access key (HMAC); instead of Sms__Endpoint where managed identity is not available.", "not set"),
        new("Sms__From", SettingSource.AppSetting, "Sender number in E.164 provisioned on the ACS resource.", "not set"),
        new("ServiceBus__FullyQualifiedNamespace", SettingSource.AppSetting, "Service Bus namespace host name for domain events; unset keeps events in the outbox.", "not set"),
        new("ServiceBus__Topic", SettingSource.AppSetting, "Topic that carries domain events.", "events"),
        new("Captcha__Difficulty", SettingSource.Optional, "Leading zero bits the captcha proof of work needs; outside Development at least 18 (the default), sized to cost a client about one server password hash.", "4"),
        new("Tokens__SessionHours", SettingSource.Optional, "A session ends this long after sign-in, however often it is refreshed.", "12"),
        new("Tokens__IdleMinutes", SettingSource.Optional, "A session whose refresh token goes unused this long ends; longer than Tokens__AccessTokenMinutes.", "30"),
        new("Sms__MaxAttempts", SettingSource.Optional, "Attempts per SMS on 429, 5xx, timeouts and dropped connections from ACS, the first included; all within Sms__DeadlineSeconds.", "4"),
        new("Sms__AttemptTimeoutSeconds", SettingSource.Optional, "How long one attempt to send an SMS may take before it is abandoned (and retried within the deadline).", "2"),
        new("Sms__DeadlineSeconds", SettingSource.Optional, "How long sending one SMS may take, retries and waits included; past it the request answers 503 unavailable and spends no quota or cool-down.", "5"),
        new("Captcha__LifetimeSeconds", SettingSource.Optional, "How long a captcha can be answered.", "120"),
        new("Captcha__IssuesPerMinutePerClient", SettingSource.Optional, "Captchas one client IP may obtain per minute; more answer 429.", "30"),
        new("Verification__CodeMinutes", SettingSource.Optional, "How long an SMS code is valid (B1).", "5"),
        new("Verification__ResendSeconds", SettingSource.Optional, "Cool-down before a code for the same phone and purpose can be resent.", "60"),
        new("Verification__DailySendsPerPhone", SettingSource.Optional, "SMS codes one phone can receive a day (China Standard Time days), anonymous and signed-in purposes together.", "10"),
        new("Verification__DailyAnonymousSendsPerPhone", SettingSource.Optional, "Of a phone's daily codes, how many anonymous purposes (register, login, reset) may use; the rest stay for signed-in purposes. Below Verification__DailySendsPerPhone.", "5"),
        new("Verification__DailyAnonymousSendsPerClient", SettingSource.Optional, "Anonymous and newPhone SMS codes one client address can have sent a day; more answer 429.", "20"),
        new("Verification__DailyAnonymousSendsTotal", SettingSource.Optional, "Anonymous and newPhone SMS codes the platform sends a day, all clients together; more answer 429.", "50000"),
        new("Verification__AllowedCallingCodes", SettingSource.Optional, "Country calling codes anonymous and newPhone SMS codes may go to, comma-separated (+86,+852); other numbers are refused.", "+86"),
        new("Verification__MaxWrongTries", SettingSource.Optional, "Wrong tries that lock a code; as many in a round for one phone and purpose (kept across resends) hold back new codes there until the round ends.", "5"),
        new("Verification__FaceMinutes", SettingSource.Optional, "How long a face check stays open (B2).", "5"),
        new("Face__Provider", SettingSource.AppSetting, "Face-verification provider (B2): None (no face checks; their routes answer 404), Development (results made up through POST /api/dev/face, Development only) or TencentCloud (Tencent Cloud FaceID).", "Development"),
        new("Face__TencentCloud__SecretId", SettingSource.KeyVaultProvided, "SecretId of the Tencent Cloud API key that signs FaceID calls (TC3-HMAC-SHA256); read with Face__Provider TencentCloud.", "not set"),
        new("Face__TencentCloud__SecretKey", SettingSource.KeyVaultProvided, "SecretKey of that API key; signs requests, never sent or logged.", "not set"),
        new("Face__TencentCloud__RuleId", SettingSource.AppSetting, "RuleId of the business flow (业务流程) created in the FaceID console, named by DetectAuth and GetDetectInfoEnhanced.", "not set"),
        new("Face__TencentCloud__Endpoint", SettingSource.Optional, "FaceID API endpoint (https; plain http only to loopback, for tests).", "https://faceid.tencentcloudapi.com"),
        new("Face__TencentCloud__RedirectUrl", SettingSource.Optional, "Where Tencent's H5 page sends the person after the check (WeChat H5 only); Tencent's default when unset.", "not set"),
        new("Face__TencentCloud__MinSimilarity", SettingSource.Optional, "Lowest face similarity (0-100) accepted on top of FaceID's own verdict; 70 is one false accept in a thousand, 80 one in ten thousand.", "70"),
        new("Face__TencentCloud__MaxAttempts", SettingSource.Optional, "Attempts per FaceID call on 429, 5xx, RequestLimitExceeded, InternalError, timeouts and dropped connections, the first included; all within Face__TencentCloud__DeadlineSeconds.", "3"),
        new("Face__TencentCloud__AttemptTimeoutSeconds", SettingSource.Optional, "How long one attempt of a FaceID call may take before it is abandoned (and retried within the deadline).", "2"),
        new("Face__TencentCloud__DeadlineSeconds", SettingSource.Optional, "How long a FaceID call may take, retries and waits included; past it the request answers 503 unavailable with Retry-After.", "5"),
        new("Login__MaxFailures", SettingSource.Optional, "Wrong passwords in a row that lock an account (A12).", "5"),
        new("Login__LockoutMinutes", SettingSource.Optional, "First lockout (1-15 minutes); each further one doubles, up to 15 minutes.", "5"),
        new("Login__RequestsPerMinutePerClient", SettingSource.Optional, "Login, registration and SMS requests one client IP (an IPv6 client by its /64) may make per minute; more answer 429.", "30"),
        new("Login__AttemptsPerMinutePerAccount", SettingSource.Optional, "Password logins one account, as typed and whether or not it exists, may receive per minute from all addresses together; more answer 429.", "10"),
        new("Login__QrTicketsPerMinutePerClient", SettingSource.Optional, "QR login tickets one client IP may create per minute; more answer 429.", "10"),
        new("ClientAddress__Header", SettingSource.Optional, "The header a trusted proxy in front of the app writes the client into (X-Azure-ClientIP behind Azure Front Door); X-Forwarded-For never reaches the app with entries, the Functions host sets it to the one address it saw.", "X-Forwarded-For"),
        new("ClientAddress__ForwardLimit", SettingSource.Optional, "Entries (hops) of ClientAddress__Header to believe before the address the Functions host saw; 0 ignores the header. 0 behind the Functions front end, 1 behind Azure Front Door (docs/deployment.md).", "0"),
        new("ClientAddress__KnownProxies", SettingSource.Optional, "Comma-separated IP addresses of trusted proxies; with KnownNetworks empty too, any hop up to the limit is believed.", "not set"),
        new("ClientAddress__KnownNetworks", SettingSource.Optional, "Comma-separated CIDR networks of trusted proxies (behind Front Door: the AzureFrontDoor.Backend service tag's prefixes).", "not set"),
        new("Passwords__Iterations", SettingSource.Optional, "PBKDF2-HMAC-SHA512 iterations for new hashes; older hashes are upgraded at the next login.", "210000"),
        new("Agreement__Version", SettingSource.Optional, "Current version of the service agreement existing households must accept (A9).", "2026-01"),
        new("Agreement__Text", SettingSource.Optional, "Text of the service agreement shown with it.", "built-in text"),
        new("Http__MaxRequestBytes", SettingSource.Optional, "Largest request body accepted, in bytes.", "65536"),
        new("Diagnostics__StorageCallsHeader", SettingSource.Optional, "Adds X-Storage-Calls (storage round trips of the request) and X-Storage-Entities (entities those answers returned) to responses.", "true"),
        new("Delegation__Expiry", SettingSource.Optional, "How long an invitation or application waits for its answer before it expires (D3, D9), as d.hh:mm:ss.", "7.00:00:00"),
        new("Delegation__PreviewsPerMinutePerManager", SettingSource.Optional, "Invitation previews one manager may ask for a minute (429 beyond).", "20"),
        new("Delegation__PreviewsPerMinutePerEnterprise", SettingSource.Optional, "Invitation previews the managers of one enterprise may ask for a minute together (429 beyond).", "60"),
    ];
}
