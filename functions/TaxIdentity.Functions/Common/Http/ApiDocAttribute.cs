namespace TaxIdentity.Functions.Common.Http;

/// <summary>Who may call an endpoint; becomes the OpenAPI security requirement.</summary>
public enum ApiAccess
{
    Public,
    SignedIn,
    App,
    Operator,
}

/// <summary>Describes an HTTP function for the OpenAPI document, next to the code it describes.</summary>
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

    /// <summary>Left out of the document (the catch-all that answers unknown routes).</summary>
    public bool Hidden { get; init; }
}
