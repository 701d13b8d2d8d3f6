using System.Net;
using System.Text.RegularExpressions;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Profile;

/// <summary>F1, design "masking on the way out": no response a signed-in person gets carries a full ID number, phone, e-mail, address or name.</summary>
public sealed partial class MaskingTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task EveryResponseOfThePersonsRoutes_CarriesNoUnmaskedIdNumberPhoneOrPersonalText()
    {
        var me = await Api.SignedInAsync(username: SignInKit.Username());
        var secondPhone = TestData.Phone();
        await Api.AddPhoneAsync(me, secondPhone);
        const string email = "tenzin.norbu@example.cn";
        const string address = "西藏自治区日喀则市桑珠孜区上海中路88号";
        await (await Api.MeAsync(me, HttpMethod.Put, "/api/me/email", new { email })).AssertOkAsync(HttpStatusCode.NoContent);
        await (await Api.MeAsync(me, HttpMethod.Put, "/api/me/address", new { address })).AssertOkAsync(HttpStatusCode.NoContent);
        var (creditCode, enterpriseId) = await Api.EnterpriseOfAsync(me.Person);
        var enterpriseSession = await Api.EnterpriseLoginAsync(me.Person, creditCode);
        var refreshed = await Api.RefreshAsync(enterpriseSession.RefreshToken);

        var answers = new List<HttpResponseMessage>
        {
            await Api.GetMeAsync(me),
            await Api.GetMeAsync(me, "/api/me/phones"),
            await Api.GetMeAsync(me, "/api/me/identities"),
            await Api.GetMeAsync(me, "/api/me/enterprises"),
            await Api.GetMeAsync(me, "/api/me/authorizations"),
            await Api.GetMeAsync(me, "/api/me/applications"),
            await Api.LoginAsync(new Dictionary<string, object?> { ["mode"] = "personal", ["account"] = me.Person.IdNumber, ["password"] = me.Person.Password }),
            refreshed,
            await Api.PostAsync(me.Session, "/api/auth/switch", new { kind = "enterprise", enterpriseId }),
            await Api.PostAsync(me.Session, "/api/verifications/sms", new { purpose = "changeUsername" }),
        };

        var secrets = new[] { me.Person.IdNumber, me.Person.Phone, secondPhone, me.Person.Name, email, address, creditCode };
        foreach (var answer in answers)
        {
            var text = await answer.Content.ReadAsStringAsync();
            var route = answer.RequestMessage!.RequestUri!.AbsolutePath;
            Assert.True(ResidentIdNumber().Count(text) == 0, $"{route} answered an unmasked ID number: {text}");
            Assert.True(MobileNumber().Count(text) == 0, $"{route} answered an unmasked phone number: {text}");
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }
    }

    /// <summary>18-character resident ID numbers standing on their own.</summary>
    [GeneratedRegex("(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex ResidentIdNumber();

    /// <summary>Mainland mobile numbers, national or E.164, standing on their own.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])(\+?86)?1[3-9][0-9]{9}(?![0-9A-Za-z])")]
    private static partial Regex MobileNumber();
}
