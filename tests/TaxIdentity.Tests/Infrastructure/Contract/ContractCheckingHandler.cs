namespace TaxIdentity.Tests.Infrastructure.Contract;

/// <summary>
/// Sits in every HttpClient the tests talk to the host with (<see cref="ApiHost.NewClient"/>), so every HTTP
/// test is also a contract test: each answer is checked against the document the host serves, and an
/// undocumented status, media type or missing header, or a body the schema refuses, fails the test.
/// </summary>
public sealed class ContractCheckingHandler(Func<Task<ApiContract>> contract, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public ContractCheckingHandler(Func<Task<ApiContract>> contract)
        : this(contract, new SocketsHttpHandler())
    {
    }

    /// <summary>Set on a request, with the reason, to leave its answer unchecked.</summary>
    public static readonly HttpRequestOptionsKey<string> Unchecked = new("contract.unchecked");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Options.TryGetValue(Unchecked, out _))
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var headers = response.Headers.Concat(response.Content.Headers).Select(header => header.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var violations = (await contract()).Check(
            request.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, response.Content.Headers.ContentType, headers, body);
        if (violations.Count > 0)
        {
            response.Dispose();
            throw new ContractViolationException(string.Join(Environment.NewLine, violations));
        }

        return response;
    }
}

/// <summary>The host answered outside the OpenAPI document it serves.</summary>
public sealed class ContractViolationException(string message) : Exception(message);

public static class ContractChecks
{
    /// <summary>Leaves the answer to this request unchecked; say why.</summary>
    public static HttpRequestMessage OutsideTheContract(this HttpRequestMessage request, string reason)
    {
        request.Options.Set(ContractCheckingHandler.Unchecked, reason);
        return request;
    }
}
