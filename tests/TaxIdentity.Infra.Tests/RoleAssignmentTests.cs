using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TaxIdentity.Infra.Tests;

[Collection(InfraTestGroup.Name)]
public sealed partial class RoleAssignmentTests(CompiledTemplate compiled)
{
    /// <summary>What the app's identity needs, by built-in role definition ID, and where.</summary>
    public static TheoryData<string, string, string> RequiredRoles => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts/blobServices/containers" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts" },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts" },
        { "Azure Service Bus Data Sender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Microsoft.ServiceBus/namespaces/topics" },
        { "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components" },
        { "the SMS sender role", SmsSenderRole, "Microsoft.Communication/communicationServices" },
    };

    /// <summary>The custom role of rbac.bicep that sends SMS, as the assignments name it.</summary>
    private const string SmsSenderRole = "[resourceId('Microsoft.Authorization/roleDefinitions', guid(resourceGroup().id, 'communication-sms-sender'))]";

    /// <summary>Built-in roles that grant far more than any one task of the app: Owner, Contributor, User Access Administrator.</summary>
    private static readonly string[] BroadRoles = ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"];

    [Theory]
    [MemberData(nameof(RequiredRoles))]
    public void RequiredRole_IsAssignedToTheManagedIdentity(string role, string roleDefinitionId, string scopeType)
    {
        var assignment = Assert.Single(ManagedIdentityAssignments(),
            a => a.RoleDefinitionId == roleDefinitionId && string.Equals(a.ScopeType, scopeType, StringComparison.OrdinalIgnoreCase));

        Assert.False(assignment.Conditional, $"{role} on {scopeType} must not depend on a parameter.");
        Assert.Equal("ServicePrincipal", assignment.PrincipalType);
    }

    [Fact]
    public void ManagedIdentity_HasNoRoleBeyondTheRequiredOnes()
    {
        var required = RequiredRoles.Select(row => ((string)row[1], (string)row[2])).ToHashSet();

        var extra = ManagedIdentityAssignments()
            .Where(a => !required.Contains((a.RoleDefinitionId, a.ScopeType ?? "resource group")))
            .Select(a => $"{a.RoleDefinitionId} on {a.ScopeType ?? "the resource group"}")
            .ToList();

        Assert.Empty(extra);
    }

    [Fact]
    public void ManagedIdentity_HasNoBroadRole_AndNoBlobRoleOnTheWholeAccount()
    {
        var assignments = ManagedIdentityAssignments().ToList();

        Assert.DoesNotContain(assignments, a => BroadRoles.Contains(a.RoleDefinitionId));
        var blob = Assert.Single(assignments, a => a.RoleDefinitionId == "b7e6dc6d-f1e8-4753-8033-0f276bb0955b");
        Assert.Equal("Microsoft.Storage/storageAccounts/blobServices/containers", blob.ScopeType);
    }

    [Fact]
    public void BlobRole_CoversTheDeploymentContainer_AndTheHostsAndTaskHubsContainers_FromHostJson()
    {
        var rbac = compiled.Template.AllTemplates.Single(template => template.ModuleName == "rbac");
        var passed = rbac.Deployment?["properties"]?["parameters"]?["blobContainerNames"]?["value"]?.ToJsonString() ?? string.Empty;
        var hostContainers = compiled.Template.Json["variables"]?["hostContainerNames"]?.ToJsonString() ?? string.Empty;

        Assert.Contains("deploymentContainerName", passed, StringComparison.Ordinal);
        Assert.Contains("hostContainerNames", passed, StringComparison.Ordinal);
        foreach (var container in new[] { "azure-webjobs-hosts", "azure-webjobs-secrets", "-leases", "-applease", "-largemessages" })
        {
            Assert.Contains(container, hostContainers, StringComparison.Ordinal);
        }

        // The task hub comes from host.json itself (loadJsonContent), lower-cased as the Azure Storage provider names its containers.
        var taskHub = ArmTemplate.Text(compiled.Template.Json["variables"]?["taskHubName"]) ?? string.Empty;
        Assert.StartsWith("[tolower(", taskHub, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(".extensions.durableTask.hubName", taskHub, StringComparison.Ordinal);
        var root = Path.GetDirectoryName(CompiledTemplate.InfraDirectory)!;
        var hostJson = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(root, "host.json")));
        var loaded = compiled.Template.Json["variables"]!.AsObject().Select(pair => pair.Value is System.Text.Json.Nodes.JsonObject value ? value["extensions"]?["durableTask"]?["hubName"] : null).OfType<System.Text.Json.Nodes.JsonNode>().Single();
        Assert.Equal(ArmTemplate.Text(hostJson?["extensions"]?["durableTask"]?["hubName"]), ArmTemplate.Text(loaded));
    }

    [Fact]
    public void SmsSenderRole_ReadsAndWritesTheCommunicationResourceOnly()
    {
        var (_, role) = Assert.Single(compiled.Template.FindAll("Microsoft.Authorization/roleDefinitions"));
        var permissions = Assert.Single(role["properties"]?["permissions"]?.AsArray() ?? []);

        Assert.Equal(
            ["Microsoft.Communication/CommunicationServices/Read", "Microsoft.Communication/CommunicationServices/Write"],
            (permissions?["actions"]?.AsArray() ?? []).Select(ArmTemplate.Text).Order(StringComparer.Ordinal));
        Assert.Empty(permissions?["dataActions"]?.AsArray() ?? []);
        Assert.Equal("[resourceGroup().id]", ArmTemplate.Text(role["properties"]?["assignableScopes"]?[0]));
    }

    [Fact]
    public void DeployingPrincipal_GetsRolesOnlyBehindTheParameter()
    {
        var principalAssignments = Assignments().Where(a => a.Principal == "main:principalId").ToList();

        Assert.NotEmpty(principalAssignments);
        Assert.All(principalAssignments, a => Assert.True(a.Conditional));
    }

    /// <summary>The identity the function app runs as is the identity module's, so its principal is identity.principalId.</summary>
    private IEnumerable<RoleAssignment> ManagedIdentityAssignments() =>
        Assignments().Where(a => a.Principal == "identity.principalId");

    private IEnumerable<RoleAssignment> Assignments() =>
        compiled.Template.FindAll("Microsoft.Authorization/roleAssignments").Select(found => Describe(found.Template, found.Resource));

    private static RoleAssignment Describe(ArmTemplate template, JsonObject resource)
    {
        var properties = resource["properties"];
        var principal = template.Resolve(properties?["principalId"]);
        var principalName = ArmTemplate.ModuleOutput(principal) is { } output
            ? $"{output.Module}.{output.Output}"
            : ArmTemplate.Text(principal) is { } text && MainParameter().Match(text) is { Success: true } parameter
                ? $"main:{parameter.Groups["name"].Value}"
                : ArmTemplate.Text(principal) ?? "?";

        return new RoleAssignment(
            RoleDefinitionGuid(template, ArmTemplate.Text(properties?["roleDefinitionId"]) ?? string.Empty),
            ArmTemplate.ResourceIdType(resource["scope"]),
            principalName,
            ArmTemplate.Text(properties?["principalType"]),
            resource["condition"] is not null);
    }

    private static string RoleDefinitionGuid(ArmTemplate template, string expression)
    {
        if (LiteralGuid().Match(expression) is { Success: true } literal)
        {
            return literal.Value.ToLowerInvariant();
        }

        if (VariableProperty().Match(expression) is { Success: true } variable)
        {
            var value = template.Json["variables"]?[variable.Groups["name"].Value]?[variable.Groups["property"].Value];
            return ArmTemplate.Text(value)?.ToLowerInvariant() ?? expression;
        }

        return expression;
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex LiteralGuid();

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)\.(?<property>\w+)")]
    private static partial Regex VariableProperty();

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex MainParameter();

    private sealed record RoleAssignment(string RoleDefinitionId, string? ScopeType, string Principal, string? PrincipalType, bool Conditional);
}
