using System.Text.RegularExpressions;

namespace TaxIdentity.Infra.Tests;

[Collection(InfraTestGroup.Name)]
public sealed partial class OutputsTests(CompiledTemplate compiled)
{
    [Fact]
    public void Outputs_NameNoSecret()
    {
        // azd copies main.bicep's outputs into .azure/<env>/.env in plain text.
        var suspicious = compiled.Template.Outputs.Select(pair => pair.Key).Where(LooksLikeASecretName).ToList();

        Assert.Empty(suspicious);
    }

    [Fact]
    public void Outputs_CarryNoSecretValue()
    {
        // Module outputs too: every deployment's outputs are readable in the deployment history.
        var offending =
            from template in compiled.Template.AllTemplates
            from output in template.Outputs
            let type = ArmTemplate.Text(output.Value?["type"]) ?? string.Empty
            let value = output.Value?["value"]?.ToJsonString() ?? string.Empty
            where type.StartsWith("secure", StringComparison.OrdinalIgnoreCase)
                || SecretValue().IsMatch(value)
                || ReadsSecureParameter(template, value)
            select $"{template.Path}: {output.Key} = {value}";

        Assert.Empty(offending);
    }

    [Fact]
    public void Outputs_GiveWhatAzdAndTheDocsNeed()
    {
        string[] expected =
        [
            "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP",
            "AZURE_FUNCTION_APP_NAME", "SERVICE_API_NAME", "SERVICE_API_URI",
            "AZURE_KEY_VAULT_NAME", "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_SERVICEBUS_NAMESPACE",
            "AZURE_COMMUNICATION_SERVICES_NAME", "SEED_KEY_VAULT",
        ];

        Assert.All(expected, name => Assert.True(compiled.Template.Outputs.ContainsKey(name), $"Output {name} is missing."));
    }

    private static bool LooksLikeASecretName(string name)
    {
        var words = NameWord().Matches(name).Select(match => match.Value.ToLowerInvariant()).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var next = i + 1 < words.Count ? words[i + 1] : string.Empty;
            var secret = words[i] switch
            {
                "password" or "pwd" or "secret" or "secrets" or "sas" or "token" or "credential" or "credentials" => true,
                "connection" => next == "string",
                "connectionstring" or "accesskey" or "accountkey" => true,
                // KEY_VAULT names a vault, not a key.
                "key" or "keys" => next != "vault",
                _ => false,
            };
            if (secret)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReadsSecureParameter(ArmTemplate template, string value) =>
        template.Parameters.Any(parameter =>
            (ArmTemplate.Text(parameter.Value?["type"]) ?? string.Empty).StartsWith("secure", StringComparison.OrdinalIgnoreCase)
            && value.Contains($"parameters('{parameter.Key}')", StringComparison.Ordinal));

    // listKeys(), listConnectionStrings(), listAccountSas()... and connection strings with a key in them.
    [GeneratedRegex(@"\blist\w*\(|AccountKey=|SharedAccessKey|accesskey|ConnectionString|InstrumentationKey", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();

    // Words of SNAKE_CASE and camelCase names.
    [GeneratedRegex("[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")]
    private static partial Regex NameWord();
}
