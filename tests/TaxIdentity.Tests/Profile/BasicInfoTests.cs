using System.Net;
using System.Text.RegularExpressions;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Profile;

/// <summary>F1 personal basic info, read only and masked; A9's gate in front of it.</summary>
public sealed partial class BasicInfoTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task BasicInfo_ShowsMaskedNameIdAndPhones_WithTheUnmaskedFieldsF1Lists()
    {
        var me = await Api.SignedInAsync(username: Login.SignInKit.Username());

        var info = await (await Api.GetMeAsync(me)).AssertOkAsync();

        Assert.Equal(me.Person.PersonId, info.GetProperty("personId").GetString());
        Assert.Equal(Mask.PersonName(me.Person.Name), info.GetProperty("name").GetString());
        Assert.Equal("residentIdCard", info.GetProperty("idType").GetString());
        Assert.Equal(Mask.IdNumber(me.Person.IdNumber), info.GetProperty("idNumber").GetString());
        Assert.Equal(me.Person.Username, info.GetProperty("username").GetString());
        Assert.Equal("active", info.GetProperty("status").GetString());
        Assert.Equal(1, info.GetProperty("realNameLevel").GetInt32());
        var phone = Assert.Single(info.GetProperty("phones").EnumerateArray());
        Assert.Equal(Mask.Phone(ProfileKit.E164(me.Person.Phone)), phone.GetProperty("number").GetString());
        Assert.True(phone.GetProperty("isDefault").GetBoolean());
        Assert.DoesNotContain(me.Person.IdNumber, info.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(me.Person.Phone, info.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BasicInfo_ShowsTheEmailMaskedAndTheAddressAndIdValidityAsSet()
    {
        var me = await Api.SignedInAsync();
        await (await Api.MeAsync(me, HttpMethod.Put, "/api/me/email", new { email = "zhaxi.dorje@example.cn" })).AssertOkAsync(HttpStatusCode.NoContent);
        await (await Api.MeAsync(me, HttpMethod.Put, "/api/me/address", new { address = "西藏自治区拉萨市城关区北京中路1号" })).AssertOkAsync(HttpStatusCode.NoContent);
        await (await Api.MeAsync(me, HttpMethod.Put, "/api/me/id-validity", new { kind = "custom", start = "2020-01-01", end = "2040-01-01" })).AssertOkAsync(HttpStatusCode.NoContent);

        var info = await (await Api.GetMeAsync(me)).AssertOkAsync();

        Assert.Equal(Mask.Email("zhaxi.dorje@example.cn"), info.GetProperty("email").GetString());
        Assert.Equal(Mask.Address("西藏自治区拉萨市城关区北京中路1号"), info.GetProperty("address").GetString());
        Assert.DoesNotContain("zhaxi.dorje", info.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("北京中路1号", info.GetRawText(), StringComparison.Ordinal);
        var validity = info.GetProperty("idValidity");
        Assert.Equal("custom", validity.GetProperty("kind").GetString());
        Assert.Equal("2020-01-01", validity.GetProperty("start").GetString());
        Assert.Equal("2040-01-01", validity.GetProperty("end").GetString());
    }

    [Fact]
    public async Task BasicInfo_WithoutAToken_IsUnauthenticated()
    {
        await (await Api.Client.GetAsync("/api/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task BasicInfo_OfAnExistingHousehold_WaitsForTheAgreement()
    {
        var idNumber = TestData.ResidentId();
        var name = "格桑" + Guid.NewGuid().ToString("N")[..3];
        await (await Api.Operator.PutJsonAsync(
            $"/api/operator/persons/residentIdCard/{idNumber}", new { name, phone = TestData.Phone(), existingHousehold = true, realNameLevel = 2 })).AssertOkAsync();
        var person = await Api.RegisterAsync(name, idNumber);
        var session = await Api.PersonalLoginAsync(person);
        var me = new SignedInPerson(person, session);

        await (await Api.GetMeAsync(me)).AssertProblemAsync(HttpStatusCode.Forbidden, "agreement_required");
        await (await Api.GetMeAsync(me, "/api/me/phones")).AssertProblemAsync(HttpStatusCode.Forbidden, "agreement_required");
        await (await Api.MeAsync(me, HttpMethod.Put, "/api/me/email", new { email = "a@example.cn" })).AssertProblemAsync(HttpStatusCode.Forbidden, "agreement_required");
        var version = (await (await Api.GetMeAsync(me, "/api/me/agreement")).AssertOkAsync()).GetProperty("version").GetString();
        await (await Api.PostAsync(session, "/api/me/agreement", new { version })).AssertOkAsync(HttpStatusCode.NoContent);

        var info = await (await Api.GetMeAsync(me)).AssertOkAsync();
        Assert.Equal(2, info.GetProperty("realNameLevel").GetInt32());
    }

    [Theory]
    [InlineData("扎西多吉", "扎***")]
    [InlineData("54010219800101101X", "540***********101X")]
    [InlineData("+8613800138001", "138****8001")]
    [InlineData("zhaxi@example.cn", "z****@example.cn")]
    [InlineData("91540100MA6T0001X1", "9154**********01X1")]
    public void Masking_FollowsOneConventionPerKindOfValue(string value, string masked)
    {
        var actual = value switch
        {
            _ when value.StartsWith('+') => Mask.Phone(value),
            _ when value.Contains('@', StringComparison.Ordinal) => Mask.Email(value),
            _ when value.StartsWith("9154", StringComparison.Ordinal) => Mask.CreditCode(value),
            _ when DigitsPattern().IsMatch(value) => Mask.IdNumber(value),
            _ => Mask.PersonName(value),
        };

        Assert.Equal(masked, actual);
    }

    [GeneratedRegex("^[0-9]{17}[0-9X]$")]
    private static partial Regex DigitsPattern();
}
