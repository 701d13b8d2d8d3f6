using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Catalog;

public sealed class CatalogTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task IdentityTypes_LegalRepresentativeAndFinancialOfficerAreNotAssignable()
    {
        var types = (await (await fixture.Host.Client.GetAsync("/api/catalog/identity-types")).AssertOkAsync()).EnumerateArray()
            .ToDictionary(type => type.GetProperty("identityType").GetString()!, type => type.GetProperty("assignable").GetBoolean());

        Assert.Equal(
            new Dictionary<string, bool>
            {
                ["legalRepresentative"] = false,
                ["financialOfficer"] = false,
                ["administrator"] = true,
                ["taxClerk"] = true,
                ["invoicePurchaser"] = true,
            },
            types);
    }

    [Fact]
    public async Task IdentityTypes_DefaultFunctionsAreCatalogFunctions_AndManagerFunctionsOnlyForManagers()
    {
        var functions = (await (await fixture.Host.Client.GetAsync("/api/catalog/functions")).AssertOkAsync()).EnumerateArray()
            .Select(function => function.GetProperty("code").GetString()!).ToHashSet();
        var types = (await (await fixture.Host.Client.GetAsync("/api/catalog/identity-types")).AssertOkAsync()).EnumerateArray().ToList();

        foreach (var type in types)
        {
            var defaults = type.GetProperty("defaultFunctions").EnumerateArray().Select(code => code.GetString()!).ToList();
            Assert.NotEmpty(defaults);
            Assert.All(defaults, code => Assert.Contains(code, functions));
            var manager = type.GetProperty("identityType").GetString() is "legalRepresentative" or "financialOfficer" or "administrator";
            Assert.Equal(manager, defaults.Contains("handlerManagement"));
            Assert.Equal(manager, defaults.Contains("assistCodeSettings"));
        }
    }

    [Fact]
    public async Task Functions_HaveChineseNames()
    {
        var functions = (await (await fixture.Host.Client.GetAsync("/api/catalog/functions")).AssertOkAsync()).EnumerateArray().ToList();

        Assert.Contains(functions, function => function.GetProperty("code").GetString() == "declarationPayment" && function.GetProperty("name").GetString() == "申报缴纳");
    }
}
