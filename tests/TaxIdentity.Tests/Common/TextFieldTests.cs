using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Common;

/// <summary>
/// Names, addresses and reasons are stored NFC-normalized, and refused (naming the field) when they hold
/// characters a reader can't see or that change how text around them reads: control, format (bidi overrides,
/// zero-width), private-use, unassigned or separator characters other than the plain space, or only blanks.
/// </summary>
public sealed class TextFieldTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    /// <summary>Names a reader can't tell from 扎西, or that are empty to the eye.</summary>
    public static TheoryData<string> InvisibleOrBlank => new()
    {
        "扎\u200B西", // zero-width space
        "扎\u200D西", // zero-width joiner
        "\uFEFF扎西", // byte-order mark
        "\u202E西扎", // right-to-left override
        "扎西\u2066", // left-to-right isolate
        "扎\u0007西", // bell (control)
        "扎\t西", // tab (control)
        "扎\u00A0西", // no-break space (separator)
        "扎\u3000西", // ideographic space (separator)
        "扎\u2028西", // line separator
        "扎\uE000西", // private use
        "扎\u0378西", // unassigned
        "   ",
        "\u3000\u3000",
        "\u200B",
    };

    private ApiHost Api => fixture.Host;

    private PersonDirectory Persons => Api.Services.GetRequiredService<PersonDirectory>();

    [Theory]
    [MemberData(nameof(InvisibleOrBlank))]
    public async Task Register_NameWithInvisibleCharactersOrOnlyBlanks_IsRefused(string name)
    {
        var body = SignUp.Body(TestData.Phone(), "s0123456789abcdef", "123456", name: name);

        await (await Api.PostRegistrationAsync(body)).AssertFieldErrorAsync("name");

        Assert.Null(await Persons.FindByDocumentAsync(IdType.ResidentIdCard, (string)body["idNumber"]!, default));
    }

    [Theory]
    [MemberData(nameof(InvisibleOrBlank))]
    public async Task PutPerson_NameWithInvisibleCharactersOrOnlyBlanks_IsRefused(string name)
    {
        var idNumber = TestData.ResidentId();

        var response = await Api.Operator.PutJsonAsync($"/api/operator/persons/residentIdCard/{idNumber}", new { name, existingHousehold = false, realNameLevel = 1 });

        await response.AssertFieldErrorAsync("name");
        Assert.Null(await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default));
    }

    [Theory]
    [InlineData("name", "测试\u200B商贸有限公司")]
    [InlineData("taxAuthority", "国家税务总局\u202E拉萨市税务局")]
    [InlineData("legalRepresentative.name", "扎\u200C西")]
    public async Task PutEnterprise_TextWithInvisibleCharacters_IsRefused(string field, string value)
    {
        var body = TestData.Enterprise();
        if (field == "legalRepresentative.name")
        {
            body["legalRepresentative"] = TestData.Person(value);
        }
        else
        {
            body[field] = value;
        }

        var code = TestData.CreditCode();
        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", body)).AssertFieldErrorAsync(field);

        await (await Api.Operator.GetAsync($"/api/operator/enterprises/{code}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("agencyName", "拉萨\u200B财税咨询有限公司")]
    [InlineData("agentName", "次\uE001仁")]
    public async Task PutAgency_NameWithInvisibleCharacters_IsRefused(string field, string value)
    {
        var code = TestData.CreditCode();
        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", TestData.Enterprise())).AssertOkAsync();
        var agency = new Dictionary<string, object?>
        {
            ["agencyName"] = "拉萨财税咨询有限公司",
            ["agencyCreditCode"] = TestData.CreditCode(),
            ["agentName"] = "次仁",
            ["identityType"] = "taxClerk",
            ["serviceStart"] = "2026-01-01",
            ["serviceEnd"] = "2026-12-31",
            ["status"] = "active",
        };
        agency[field] = value;

        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}/agencies/DL-2026-0099", agency)).AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task PutCrossRegionItem_AddressWithABidiOverride_IsRefused()
    {
        var code = TestData.CreditCode();
        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", TestData.Enterprise())).AssertOkAsync();

        var response = await Api.Operator.PutJsonAsync($"/api/operator/cross-region/items/BY-{Guid.NewGuid().ToString("N")[..12]}", new
        {
            kind = "inspection",
            creditCode = code,
            province = "西藏自治区",
            city = "拉萨市",
            district = "城关区",
            taxAuthority = "国家税务总局拉萨市城关区税务局",
            managementNumber = "GL-0001",
            businessAddress = "北京中路\u202E号88",
        });

        await response.AssertFieldErrorAsync("businessAddress");
    }

    [Fact]
    public async Task PutPerson_DecomposedName_IsStoredComposed()
    {
        var idNumber = TestData.ResidentId();

        await (await Api.Operator.PutJsonAsync(
            $"/api/operator/persons/residentIdCard/{idNumber}", new { name = " Jose\u0301 Garci\u0301a ", existingHousehold = false, realNameLevel = 1 })).AssertOkAsync();

        Assert.Equal("Jos\u00E9 Garc\u00EDa", (await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default))!.Name);
    }

    [Fact]
    public async Task Register_DecomposedName_IsStoredComposedAndMatchesTheComposedProvisionedName()
    {
        var idNumber = TestData.ResidentId();
        await (await Api.Operator.PutJsonAsync(
            $"/api/operator/persons/residentIdCard/{idNumber}", new { name = "Zo\u00EB", existingHousehold = false, realNameLevel = 1 })).AssertOkAsync();
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        var created = await (await Api.PostRegistrationAsync(await Api.ProvenBodyAsync(phone, verificationId, code, idNumber, "Zoe\u0308"))).AssertOkAsync(HttpStatusCode.Created);

        Assert.Equal("Zo\u00EB", (await Persons.FindAsync(created.GetProperty("personId").GetString()!, default))!.Name);
    }

    [Fact]
    public async Task ResetPassword_NameWithAZeroWidthSpace_IsRefused()
    {
        var response = await Api.Client.PostAsJsonAsync("/api/auth/password/reset", new
        {
            name = "央\u200B金",
            idType = "residentIdCard",
            idNumber = TestData.ResidentId(),
            verification = new { verificationId = "s0123456789abcdef", code = "123456" },
            newPassword = "Qx7$pLn4vTb!",
        });

        await response.AssertFieldErrorAsync("name");
    }
}
