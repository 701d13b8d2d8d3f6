using System.Reflection;
using TaxIdentity.Core.Common.Configuration;
using TaxIdentity.Functions.Common.Http;

namespace TaxIdentity.Tests.Platform;

public sealed class SettingsCatalogTests
{
    /// <summary>Every option the app binds, as <c>Section__Property</c> (a nested section <c>A:B</c> as <c>A__B</c>), read from the options classes themselves.</summary>
    private static IEnumerable<string> BoundSettings() =>
        from assembly in new[] { typeof(SettingsCatalog).Assembly, typeof(HttpEndpoint).Assembly }
        from type in assembly.GetTypes()
        let section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
        where section is not null && type.Name.EndsWith("Options", StringComparison.Ordinal)
        from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.CanWrite
        select $"{section.Replace(":", "__", StringComparison.Ordinal)}__{property.Name}";

    [Fact]
    public void EveryBoundOption_IsInTheSettingsCatalog()
    {
        var catalog = SettingsCatalog.All.Select(setting => setting.Name).ToHashSet();
        var missing = BoundSettings().Where(setting => !catalog.Contains(setting)).ToList();

        Assert.True(missing.Count == 0, "Not in SettingsCatalog: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryCatalogSetting_IsBoundByAnOption()
    {
        var bound = BoundSettings().ToHashSet();
        var hostSettings = new[] { "AZURE_CLIENT_ID" };
        var unbound = SettingsCatalog.All.Select(setting => setting.Name).Where(name => !bound.Contains(name) && !hostSettings.Contains(name)).ToList();

        Assert.True(unbound.Count == 0, "Bound by no options class: " + string.Join(", ", unbound));
    }

    [Fact]
    public void Readme_DocumentsEverySetting()
    {
        var readme = File.ReadAllText(Path.Combine(Infrastructure.Azurite.RepositoryRoot(), "README.md"));

        Assert.Empty(SettingsCatalog.All.Where(setting => !readme.Contains($"`{setting.Name}`", StringComparison.Ordinal)).Select(setting => setting.Name));
    }
}
