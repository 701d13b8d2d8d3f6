using System.Text.RegularExpressions;
using TaxIdentity.Core.Common.Configuration;

namespace TaxIdentity.Infra.Tests;

public sealed partial class DocumentationTests
{
    [Fact]
    public void SettingsDoc_HasOneRowPerCatalogSetting()
    {
        var root = Path.GetDirectoryName(CompiledTemplate.InfraDirectory)!;
        var rows = File.ReadLines(Path.Combine(root, "docs", "settings.md"))
            .Select(line => SettingRow().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["name"].Value)
            .ToList();

        Assert.Equal(SettingsCatalog.All.Select(s => s.Name).Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\| `(?<name>[^`]+)` \|")]
    private static partial Regex SettingRow();
}
