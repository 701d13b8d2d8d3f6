using Xunit.Abstractions;

namespace TaxIdentity.Infra.Tests;

[Collection(InfraTestGroup.Name)]
public sealed class TemplateCompilationTests(CompiledTemplate compiled, ITestOutputHelper output)
{
    [Fact]
    public void MainBicep_Compiles_WithoutErrors()
    {
        // Warnings don't fail the build (new API versions can lag the compiler's type data) but are shown.
        foreach (var warning in compiled.Warnings)
        {
            output.WriteLine(warning);
        }

        Assert.Empty(compiled.Errors);
        Assert.Equal(0, compiled.ExitCode);
        Assert.NotNull(compiled.Main);
    }

    [Fact]
    public void MainBicep_TargetsTheSubscription_AndCreatesTheResourceGroup()
    {
        var template = compiled.Template;

        Assert.Contains("subscriptionDeploymentTemplate", ArmTemplate.Text(template.Json["$schema"]), StringComparison.Ordinal);
        var resourceGroup = Assert.Single(template.ResourcesOfType("Microsoft.Resources/resourceGroups"));
        Assert.Contains("resourcesResourceGroups", ArmTemplate.Text(resourceGroup["name"]), StringComparison.Ordinal);
    }

    [Fact]
    public void AzureYaml_DeploysTheFunctionsProject_AsServiceApi()
    {
        var root = Path.GetDirectoryName(CompiledTemplate.InfraDirectory)!;
        var yaml = File.ReadAllLines(Path.Combine(root, "azure.yaml")).Select(line => line.Trim()).ToList();

        Assert.Contains("name: tax-identity", yaml);
        Assert.Contains("api:", yaml);
        Assert.Contains("project: ./functions/TaxIdentity.Functions", yaml);
        Assert.Contains("language: dotnet", yaml);
        Assert.Contains("host: function", yaml);
        Assert.True(File.Exists(Path.Combine(root, "functions", "TaxIdentity.Functions", "TaxIdentity.Functions.csproj")));
    }
}
