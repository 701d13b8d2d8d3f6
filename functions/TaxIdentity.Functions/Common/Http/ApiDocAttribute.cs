namespace TaxIdentity.Functions.Common.Http;

/// <summary>Who may call an endpoint; becomes the OpenAPI security requirement and the 401/403 answers.</summary>
public enum ApiAccess
{
    Public,

    /// <summary>Open to anyone, but a bearer token, when sent, must be valid (401 otherwise).</summary>
    PublicOrSignedIn,
    SignedIn,

    /// <summary>The mobile app: X-App-Key and the person's bearer token.</summary>
    App,

    /// <summary>The mobile app before anyone signs in: X-App-Key, and a bearer token when there is one (a bad one answers 401).</summary>
    AppOptionallySignedIn,

    /// <summary>The tax office: X-Operator-Key; the routes answer 404 while no operator key is configured.</summary>
    Operator,
}

/// <summary>
/// Describes an HTTP function for the OpenAPI document, next to the code it describes. The document adds the
/// answers the function's shape implies: 400 <c>validation_failed</c> for a body or query, 401/403 for its
/// access, 404 for operator routes, 500 <c>unexpected</c> always and 503 <c>unavailable</c> unless
/// <see cref="UsesStorage"/> is false. <see cref="Problems"/> names the rest.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiDocAttribute(string tag, string summary) : Attribute
{
    public string Tag => tag;

    public string Summary => summary;

    public Type? Request { get; init; }

    /// <summary>Body of the success response; null for none.</summary>
    public Type? Response { get; init; }

    public int Status { get; init; } = 200;

    public ApiAccess Access { get; init; } = ApiAccess.Public;

    /// <summary>Query parameters the endpoint reads.</summary>
    public string[] Query { get; init; } = [];

    /// <summary>Request headers the endpoint reads, besides those of its access (X-Poll-Secret).</summary>
    public string[] Headers { get; init; } = [];

    /// <summary>Query parameters among <see cref="Query"/> without which the endpoint answers 400.</summary>
    public string[] RequiredQuery { get; init; } = [];

    /// <summary>
    /// Error codes (<see cref="Core.Common.Results.ErrorCodes"/>) the operation's own logic can answer beyond
    /// those its shape implies; each is documented under its status.
    /// </summary>
    public string[] Problems { get; init; } = [];

    /// <summary>False for an operation that never touches storage, so it can't answer 503 <c>unavailable</c>.</summary>
    public bool UsesStorage { get; init; } = true;
}

/// <summary>A further non-problem answer of an operation besides its success (health's 503 report).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiResponseAttribute(int status, Type body, string description) : Attribute
{
    public int Status => status;

    public Type Body => body;

    public string Description => description;
}
