using System.Globalization;
using System.Net;
using TaxIdentity.Functions.Common.Http;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Profile;

/// <summary>
/// Storage round trips of the personal-information endpoints: authentication's 2, then the verification the request
/// spends (a face check 2, an SMS code 4), then at most 3 of the endpoint's own, as the README documents.
/// </summary>
public sealed class ProfileStorageBudgetTests(OwnApiFixture fixture) : IClassFixture<OwnApiFixture>
{
    private const int Authentication = 2;
    private const int FaceCheck = 2;
    private const int SmsCode = 4;

    private ApiHost Api => fixture.Host;

    private static int CallsOf(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues(HttpEndpoint.StorageCallsHeader).Single(), CultureInfo.InvariantCulture);

    private static async Task AssertCostAsync(HttpResponseMessage response, HttpStatusCode status, int verification, int own)
    {
        await response.AssertOkAsync(status);
        Assert.InRange(CallsOf(response), 1, Authentication + verification + own);
    }

    [Fact]
    public async Task BasicInfo_CostsNothingBeyondAuthentication()
    {
        var me = await Api.SignedInAsync();

        var response = await Api.GetMeAsync(me);

        await response.AssertOkAsync();
        Assert.Equal(Authentication, CallsOf(response));
    }

    [Fact]
    public async Task PhoneList_CostsNothingBeyondAuthentication()
    {
        var me = await Api.SignedInAsync();

        var response = await Api.GetMeAsync(me, "/api/me/phones");

        await response.AssertOkAsync();
        Assert.Equal(Authentication, CallsOf(response));
    }

    [Theory]
    [InlineData("/api/me/email", "{\"email\":\"dawa@example.cn\"}")]
    [InlineData("/api/me/address", "{\"address\":\"拉萨市\"}")]
    [InlineData("/api/me/id-validity", "{\"kind\":\"longTerm\",\"start\":\"2020-01-01\"}")]
    public async Task ProfileFieldChange_CostsOneWrite(string route, string body)
    {
        var me = await Api.SignedInAsync();

        var response = await Api.MeAsync(me, HttpMethod.Put, route, System.Text.Json.JsonDocument.Parse(body).RootElement);

        await AssertCostAsync(response, HttpStatusCode.NoContent, verification: 0, own: 1);
    }

    [Fact]
    public async Task NameChange_CostsTheFaceCheck_OneTransaction_AndTheNotice()
    {
        var me = await Api.SignedInAsync();
        var verificationId = await Api.StartFaceIdAsync(new { purpose = "changeName", name = "达瓦" }, me.Session.AccessToken);
        var token = await Api.ProviderTokenAsync(verificationId, "达瓦", me.Person.IdNumber);
        await (await Api.ApproveFaceAsync(verificationId, token, me.Session.AccessToken)).AssertOkAsync(HttpStatusCode.NoContent);

        var response = await Api.MeAsync(me, HttpMethod.Put, "/api/me/name", new { name = "达瓦", verification = new { verificationId } });

        // The development SMS provider's inbox write stands for the notice the provider sends in Azure.
        await AssertCostAsync(response, HttpStatusCode.NoContent, FaceCheck, own: 2);
    }

    [Fact]
    public async Task SetDefaultPhone_CostsOneTransaction()
    {
        var me = await Api.SignedInAsync();
        var phoneId = await Api.AddPhoneAsync(me, TestData.Phone());

        var response = await Api.PostAsync(me.Session, $"/api/me/phones/{phoneId}/default");

        await AssertCostAsync(response, HttpStatusCode.NoContent, verification: 0, own: 1);
    }

    [Fact]
    public async Task PasswordChangeByOldPassword_CostsTheTryAndTheTransaction()
    {
        var me = await Api.SignedInAsync();

        var response = await Api.ChangePasswordAsync(me, new { method = "password", oldPassword = me.Person.Password, newPassword = ProfileKit.NewPassword });

        await AssertCostAsync(response, HttpStatusCode.NoContent, verification: 0, own: 2);
    }

    [Fact]
    public async Task PasswordChangeByFace_CostsTheCheckAndOneTransaction()
    {
        var me = await Api.SignedInAsync();
        var verification = await Api.FaceVerificationAsync(me, "changePassword");

        var response = await Api.ChangePasswordAsync(me, new { method = "face", verification, newPassword = ProfileKit.NewPassword });

        await AssertCostAsync(response, HttpStatusCode.NoContent, FaceCheck, own: 1);
    }

    [Fact]
    public async Task PasswordChangeBySms_CostsTheCodeAndOneTransaction()
    {
        var me = await Api.SignedInAsync();
        var verification = await Api.SmsVerificationAsync(me, "changePassword");

        var response = await Api.ChangePasswordAsync(me, new { method = "sms", verification, newPassword = ProfileKit.NewPassword });

        await AssertCostAsync(response, HttpStatusCode.NoContent, SmsCode, own: 1);
    }

    [Fact]
    public async Task AddPhone_CostsBothVerificationsTheClaimAndOneTransaction()
    {
        var me = await Api.SignedInAsync();
        var phone = TestData.Phone();
        var body = new
        {
            verification = await Api.FaceVerificationAsync(me, "addPhone"),
            phone,
            newPhoneVerification = await Api.SmsVerificationAsync(me, "newPhone", phone),
        };

        var response = await Api.MeAsync(me, HttpMethod.Post, "/api/me/phones", body);

        await AssertCostAsync(response, HttpStatusCode.Created, FaceCheck + SmsCode, own: 2);
    }

    [Fact]
    public async Task ModifyDefaultPhone_CostsBothVerificationsTheClaimOneTransactionAndTheRelease()
    {
        var me = await Api.SignedInAsync();
        var defaultId = Assert.Single(await Api.PhonesAsync(me)).GetProperty("phoneId").GetString();
        var phone = TestData.Phone();
        var body = new
        {
            verification = await Api.FaceVerificationAsync(me, "modifyPhone"),
            phone,
            newPhoneVerification = await Api.SmsVerificationAsync(me, "newPhone", phone),
        };

        var response = await Api.MeAsync(me, HttpMethod.Put, $"/api/me/phones/{defaultId}", body);

        await AssertCostAsync(response, HttpStatusCode.OK, FaceCheck + SmsCode, own: 3);
    }

    [Fact]
    public async Task DeletePhone_CostsTheCheckOneTransactionAndTheRelease()
    {
        var me = await Api.SignedInAsync();
        var phoneId = await Api.AddPhoneAsync(me, TestData.Phone());
        var body = new { verification = await Api.FaceVerificationAsync(me, "deletePhone") };

        var response = await Api.MeAsync(me, HttpMethod.Delete, $"/api/me/phones/{phoneId}", body);

        await AssertCostAsync(response, HttpStatusCode.NoContent, FaceCheck, own: 2);
    }

    [Fact]
    public async Task UsernameChange_CostsTheCheckTheClaimOneTransactionAndTheRelease()
    {
        var me = await Api.SignedInAsync(Login.SignInKit.Username());
        var body = new { username = Login.SignInKit.Username(), verification = await Api.FaceVerificationAsync(me, "changeUsername") };

        var response = await Api.MeAsync(me, HttpMethod.Put, "/api/me/username", body);

        await AssertCostAsync(response, HttpStatusCode.NoContent, FaceCheck, own: 3);
    }

    [Fact]
    public async Task Deregistration_WithoutIdentities_CostsTheCheckTheOpenRequestAndIdentityListsOneTransactionAndThePhonesRelease()
    {
        var me = await Api.SignedInAsync();
        var body = new { agreementAccepted = true, verification = await Api.FaceVerificationAsync(me, "deregister") };

        var response = await Api.PostAsync(me.Session, "/api/me/deregistration", body);

        // Pending invitations and applications 2, identities before and after 2, the transaction 1, the phone released 2.
        await AssertCostAsync(response, HttpStatusCode.NoContent, FaceCheck, own: 7);
    }
}
