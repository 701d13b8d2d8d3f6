namespace TaxIdentity.Functions.Common.Http;

/// <summary>
/// D10: the function (功能) the caller's current identity must hold for this endpoint, declared once, beside the
/// function. <see cref="HttpEndpoint"/> checks it before the handler runs (403 without it), the OpenAPI document
/// states it (<c>x-required-function</c>), and from there the web app's menus and the authorization matrix read it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresFunctionAttribute(string code) : Attribute
{
    public string Code => code;
}
