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

    [Fact]
    public async Task VerificationMethods_WithTheDevelopmentFaceProvider_OfferSmsFaceForEveryIdTypeAndRegistrationCodes()
    {
        var methods = await (await fixture.Host.Client.GetAsync("/api/catalog/verification-methods")).AssertOkAsync();

        Assert.True(methods.GetProperty("sms").GetBoolean());
        Assert.True(methods.GetProperty("registrationCode").GetBoolean());
        var face = methods.GetProperty("face");
        Assert.True(face.GetProperty("offered").GetBoolean());
        Assert.Equal("development", face.GetProperty("provider").GetString());
        Assert.Equal(["residentIdCard", "passport", "hkMacaoPermit", "taiwanPermit", "foreignPermanentResident"], face.GetProperty("idTypes").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task RealNameLevels_AreZeroToFour_EachSayingWhatProvesItAndWhatItAllows()
    {
        var levels = (await (await fixture.Host.Client.GetAsync("/api/catalog/real-name-levels")).AssertOkAsync()).EnumerateArray().ToList();

        Assert.Equal([0, 1, 2, 3, 4], levels.Select(level => level.GetProperty("level").GetInt32()));
        Assert.All(levels, level =>
        {
            Assert.False(string.IsNullOrWhiteSpace(level.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(level.GetProperty("provenBy").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(level.GetProperty("allows").GetString()));
        });
        Assert.Contains("扫脸", levels[4].GetProperty("provenBy").GetString(), StringComparison.Ordinal);
    }
}
