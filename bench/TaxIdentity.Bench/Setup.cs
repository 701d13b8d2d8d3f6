using TaxIdentity.TestKit;

namespace TaxIdentity.Bench;

/// <summary>An enterprise provisioned through the operator API, with its legal representative.</summary>
public sealed record BenchEnterprise(string CreditCode, string EnterpriseId, TestPerson LegalRepresentative);

/// <summary>
/// Creates the accounts the load logs into, through HTTP, as a user and the tax office would: the same flows
/// as the tests (<see cref="ApiKit"/>).
/// </summary>
public static class Setup
{
    public const string Password = ApiKit.Password;

    public static ApiKit Kit(HttpClient client, HttpClient operatorClient) => new(client, operatorClient);

    public static async Task<IReadOnlyList<TestPerson>> RegisterAsync(ApiKit kit, int count, CancellationToken cancellationToken)
    {
        var persons = new List<TestPerson>(count);
        while (persons.Count < count)
        {
            try
            {
                persons.Add(await kit.RegisterAsync(name: "基准" + Guid.NewGuid().ToString("N")[..4], cancellationToken: cancellationToken));
            }
            catch (UnexpectedAnswerException e) when (e.Message.Contains(" 409", StringComparison.Ordinal))
            {
                // A random phone or ID someone already holds; draw again.
            }
        }

        return persons;
    }

    public static async Task<BenchEnterprise> ProvisionEnterpriseAsync(ApiKit kit, TestPerson legalRepresentative, CancellationToken cancellationToken)
    {
        var (creditCode, enterpriseId) = await kit.EnterpriseOfAsync(legalRepresentative, cancellationToken: cancellationToken);
        return new BenchEnterprise(creditCode, enterpriseId, legalRepresentative);
    }
}
