using System.Net;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Profile;

/// <summary>
/// F8 (revision of 2026-12-07): the name is real-name data, so it changes only with a face check of purpose changeName
/// whose provider result names the new name and the caller's own ID number; the change writes an event and the
/// default phone is told (L6). Person names are NFKC-checked everywhere they are taken.
/// </summary>
public sealed class NameChangeTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string NewName = "次仁央宗";

    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task NameChange_WithoutAFaceCheck_IsRefused_AndTheNameStays()
    {
        var me = await Api.SignedInAsync();

        var withoutProof = await PutNameAsync(me, new { name = NewName });
        var bySms = await PutNameAsync(me, new { name = NewName, verification = await Api.SmsVerificationAsync(me, "changePassword") });
        var byAnotherPurpose = await PutNameAsync(me, new { name = NewName, verification = await Api.FaceVerificationAsync(me, "changeUsername") });

        await withoutProof.AssertFieldErrorAsync("verification");
        await bySms.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        await byAnotherPurpose.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal(me.Person.Name, (await Api.StoredPersonAsync(me.Person.PersonId)).Name);
    }

    [Fact]
    public async Task NameChange_WithAFaceCheckNamingTheNewName_ChangesIt_WritesAnEvent_AndTellsTheDefaultPhone()
    {
        var me = await Api.SignedInAsync();
        var verificationId = await ApprovedChangeNameFaceAsync(me, NewName);

        var response = await PutNameAsync(me, new { name = NewName, verification = new { verificationId } });

        await response.AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Equal(NewName, (await Api.StoredPersonAsync(me.Person.PersonId)).Name);
        Assert.Equal("used", await Api.VerificationStatusAsync(verificationId));
        var changed = Assert.Single(await Api.PersonOutboxAsync(me.Person.PersonId), row => row.Type == "person.nameChanged");
        Assert.DoesNotContain(NewName, changed.Data, StringComparison.Ordinal);
        Assert.DoesNotContain(me.Person.Name, changed.Data, StringComparison.Ordinal);
        var notice = await Api.InboxMessageAsync(me.Person.Phone);
        Assert.Contains("姓名", notice, StringComparison.Ordinal);
        Assert.DoesNotContain(NewName, notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NameChange_WithAFaceCheckOfAnotherName_IsRefused_AndLeavesTheCheckUnspent()
    {
        var me = await Api.SignedInAsync();
        var verificationId = await ApprovedChangeNameFaceAsync(me, "达瓦卓玛");

        var response = await PutNameAsync(me, new { name = NewName, verification = new { verificationId } });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal(me.Person.Name, (await Api.StoredPersonAsync(me.Person.PersonId)).Name);
        Assert.Equal("approved", await Api.VerificationStatusAsync(verificationId));
    }

    [Fact]
    public async Task ChangeNameFaceCheck_WhoseProviderResultNamesTheOldName_IsNotApproved()
    {
        var me = await Api.SignedInAsync();
        var verificationId = await Api.StartFaceIdAsync(new { purpose = "changeName", name = NewName }, me.Session.AccessToken);
        var token = await Api.ProviderTokenAsync(verificationId, me.Person.Name, me.Person.IdNumber);

        var approval = await Api.ApproveFaceAsync(verificationId, token, me.Session.AccessToken);

        await approval.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal("pending", await Api.VerificationStatusAsync(verificationId));
    }

    [Fact]
    public async Task ChangeNameFaceCheck_NeedsTheNewName_AndChangeNameHasNoSmsCode()
    {
        var me = await Api.SignedInAsync();
        var messages = await Api.InboxCountAsync(me.Person.Phone);

        var withoutName = await Api.StartFaceAsync(new { purpose = "changeName" }, me.Session.AccessToken);
        var bySms = await Api.RequestSmsAsync(new { purpose = "changeName" }, me.Session.AccessToken);

        await withoutName.AssertFieldErrorAsync("name");
        await bySms.AssertFieldErrorAsync("purpose");
        Assert.Equal(messages, await Api.InboxCountAsync(me.Person.Phone));
    }

    [Theory]
    [InlineData("\u2F00\u4E8C")] // KANGXI RADICAL ONE, looks like 一
    [InlineData("\u2EA0\u5FB7")] // CJK RADICAL C-SIMPLIFIED CIVILIAN, looks like 民 and has no decomposition
    [InlineData("\uF900\u5FB7")] // CJK COMPATIBILITY IDEOGRAPH F900 (豈)
    [InlineData("\uFF2A\uFF2F\uFF28\uFF2E")] // fullwidth JOHN
    public async Task PersonName_WithCompatibilityCharactersOrRadicals_IsRefused_WhereverANameIsTaken(string name)
    {
        var me = await Api.SignedInAsync();

        var rename = await PutNameAsync(me, new { name, verification = new { verificationId = "f0" } });
        var face = await Api.StartFaceAsync(new { purpose = "changeName", name }, me.Session.AccessToken);
        var provision = await Api.Operator.PutJsonAsync($"/api/operator/persons/residentIdCard/{TestData.ResidentId()}",
            new { name, phone = TestData.Phone(), existingHousehold = false, realNameLevel = 1 });
        var (verificationId, code) = await Api.RegisterCodeAsync(TestData.Phone());
        var registration = await Api.PostRegistrationAsync(SignUp.Body(TestData.Phone(), verificationId, code, name: name));

        await rename.AssertFieldErrorAsync("name");
        await face.AssertFieldErrorAsync("name");
        await provision.AssertFieldErrorAsync("name");
        await registration.AssertFieldErrorAsync("name");
    }

    private Task<HttpResponseMessage> PutNameAsync(SignedInPerson me, object body) => Api.MeAsync(me, HttpMethod.Put, "/api/me/name", body);

    /// <summary>A changeName face check for the new name, passed by the provider for that name and the person's ID, and approved by their app.</summary>
    private async Task<string> ApprovedChangeNameFaceAsync(SignedInPerson me, string name)
    {
        var verificationId = await Api.StartFaceIdAsync(new { purpose = "changeName", name }, me.Session.AccessToken);
        var token = await Api.ProviderTokenAsync(verificationId, name, me.Person.IdNumber);
        await (await Api.ApproveFaceAsync(verificationId, token, me.Session.AccessToken)).AssertOkAsync(HttpStatusCode.NoContent);
        return verificationId;
    }
}
