using System.Net;
using System.Text.Json;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Profile;

/// <summary>F3 phones: list, add, modify the default, delete a non-default one, set the default; one number, one person.</summary>
public sealed class PhoneTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private static JsonElement Default(JsonElement[] phones) => Assert.Single(phones, phone => phone.GetProperty("isDefault").GetBoolean());

    private static string IdOf(JsonElement phone) => phone.GetProperty("phoneId").GetString()!;

    [Fact]
    public async Task List_ShowsEveryPhoneMasked_WithExactlyOneDefault()
    {
        var me = await Api.SignedInAsync();
        var second = TestData.Phone();
        await Api.AddPhoneAsync(me, second);

        var phones = await Api.PhonesAsync(me);

        Assert.Equal(2, phones.Length);
        Assert.Equal(Mask.Phone(ProfileKit.E164(me.Person.Phone)), Default(phones).GetProperty("number").GetString());
        Assert.Contains(phones, phone => phone.GetProperty("number").GetString() == Mask.Phone(ProfileKit.E164(second)));
    }

    [Fact]
    public async Task Add_ProvingTheDefaultPhoneBySms_AndTheNewPhoneByItsOwnCode_AddsANonDefaultPhoneHeldInTheIndex()
    {
        var me = await Api.SignedInAsync();
        var phone = TestData.Phone();

        var added = await Api.MeAsync(me, HttpMethod.Post, "/api/me/phones", new
        {
            verification = await Api.SmsVerificationAsync(me, "addPhone"),
            phone,
            newPhoneVerification = await Api.SmsVerificationAsync(me, "newPhone", phone),
        });

        var phoneId = (await added.AssertOkAsync(HttpStatusCode.Created)).GetProperty("phoneId").GetString();
        var stored = Assert.Single((await Api.StoredPersonAsync(me.Person.PersonId)).Phones, p => p.PhoneId == phoneId);
        Assert.Equal(ProfileKit.E164(phone), stored.Number);
        Assert.False(stored.IsDefault);
        Assert.Equal(me.Person.PersonId, await Api.PhoneHolderAsync(ProfileKit.E164(phone)));
    }

    [Fact]
    public async Task Add_WithTheNewPhonesCodeSentToAnotherNumber_IsRefused()
    {
        var me = await Api.SignedInAsync();
        var phone = TestData.Phone();

        var refused = await Api.MeAsync(me, HttpMethod.Post, "/api/me/phones", new
        {
            verification = await Api.FaceVerificationAsync(me, "addPhone"),
            phone,
            newPhoneVerification = await Api.SmsVerificationAsync(me, "newPhone", TestData.Phone()),
        });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Null(await Api.PhoneHolderAsync(ProfileKit.E164(phone)));
    }

    [Fact]
    public async Task Add_ProvingTheDefaultPhoneWithACodeOfAnotherPurpose_IsRefused()
    {
        var me = await Api.SignedInAsync();
        var phone = TestData.Phone();

        var refused = await Api.MeAsync(me, HttpMethod.Post, "/api/me/phones", new
        {
            verification = await Api.SmsVerificationAsync(me, "deletePhone"),
            phone,
            newPhoneVerification = await Api.SmsVerificationAsync(me, "newPhone", phone),
        });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Single(await Api.PhonesAsync(me));
    }

    [Fact]
    public async Task Add_ANumberAnotherPersonHolds_IsAConflict()
    {
        var someoneElse = await Api.SignedInAsync();
        var me = await Api.SignedInAsync();

        var refused = await Api.TryAddPhoneAsync(me, someoneElse.Person.Phone);

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(someoneElse.Person.PersonId, await Api.PhoneHolderAsync(ProfileKit.E164(someoneElse.Person.Phone)));
        Assert.Single(await Api.PhonesAsync(me));
    }

    [Fact]
    public async Task Add_ANumberIAlreadyHave_IsAConflict()
    {
        var me = await Api.SignedInAsync();
        var phone = TestData.Phone();
        await Api.AddPhoneAsync(me, phone);

        var refused = await Api.TryAddPhoneAsync(me, phone);

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(2, (await Api.PhonesAsync(me)).Length);
    }

    [Fact]
    public async Task SetDefault_MovesTheDefault_AndLeavesExactlyOne()
    {
        var me = await Api.SignedInAsync();
        var phoneId = await Api.AddPhoneAsync(me, TestData.Phone());

        await (await Api.PostAsync(me.Session, $"/api/me/phones/{phoneId}/default")).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal(phoneId, IdOf(Default(await Api.PhonesAsync(me))));
    }

    [Fact]
    public async Task SetDefault_OfAnUnknownPhone_IsNotFound()
    {
        var me = await Api.SignedInAsync();

        await (await Api.PostAsync(me.Session, "/api/me/phones/nosuchphone/default")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Delete_TheSolePhone_IsAConflict()
    {
        var me = await Api.SignedInAsync();
        var sole = IdOf(Assert.Single(await Api.PhonesAsync(me)));

        var refused = await Api.MeAsync(me, HttpMethod.Delete, $"/api/me/phones/{sole}", new { verification = await Api.FaceVerificationAsync(me, "deletePhone") });

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Single(await Api.PhonesAsync(me));
    }

    [Fact]
    public async Task Delete_TheDefaultPhone_IsAConflict()
    {
        var me = await Api.SignedInAsync();
        await Api.AddPhoneAsync(me, TestData.Phone());
        var defaultId = IdOf(Default(await Api.PhonesAsync(me)));

        var refused = await Api.MeAsync(me, HttpMethod.Delete, $"/api/me/phones/{defaultId}", new { verification = await Api.FaceVerificationAsync(me, "deletePhone") });

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(2, (await Api.PhonesAsync(me)).Length);
    }

    [Fact]
    public async Task Delete_ANonDefaultPhoneBySms_RemovesIt_AndFreesTheNumberForAnotherPerson()
    {
        var me = await Api.SignedInAsync();
        var phone = TestData.Phone();
        var phoneId = await Api.AddPhoneAsync(me, phone);

        var deleted = await Api.MeAsync(me, HttpMethod.Delete, $"/api/me/phones/{phoneId}", new { verification = await Api.SmsVerificationAsync(me, "deletePhone") });

        await deleted.AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Single(await Api.PhonesAsync(me));
        Assert.Null(await Api.PhoneHolderAsync(ProfileKit.E164(phone)));
        var someoneElse = await Api.SignedInAsync();
        await Api.AddPhoneAsync(someoneElse, phone);
        Assert.Equal(someoneElse.Person.PersonId, await Api.PhoneHolderAsync(ProfileKit.E164(phone)));
        await (await Api.LoginAsync(SignInKit.PersonalFields(phone, someoneElse.Person.Password))).AssertOkAsync();
    }

    [Fact]
    public async Task Delete_WithoutAVerification_IsRefused()
    {
        var me = await Api.SignedInAsync();
        var phoneId = await Api.AddPhoneAsync(me, TestData.Phone());

        var refused = await Api.MeAsync(me, HttpMethod.Delete, $"/api/me/phones/{phoneId}", new { verification = new { verificationId = "s0000", code = "123456" } });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal(2, (await Api.PhonesAsync(me)).Length);
    }

    [Fact]
    public async Task ModifyTheDefault_ReplacesTheNumber_RemovesAndFreesTheOldOne()
    {
        var me = await Api.SignedInAsync();
        var defaultId = IdOf(Default(await Api.PhonesAsync(me)));
        var phone = TestData.Phone();

        var modified = await Api.MeAsync(me, HttpMethod.Put, $"/api/me/phones/{defaultId}", new
        {
            verification = await Api.SmsVerificationAsync(me, "modifyPhone"),
            phone,
            newPhoneVerification = await Api.SmsVerificationAsync(me, "newPhone", phone),
        });

        var view = await modified.AssertOkAsync();
        Assert.True(view.GetProperty("isDefault").GetBoolean());
        var stored = Assert.Single((await Api.StoredPersonAsync(me.Person.PersonId)).Phones);
        Assert.Equal(ProfileKit.E164(phone), stored.Number);
        Assert.True(stored.IsDefault);
        Assert.Null(await Api.PhoneHolderAsync(ProfileKit.E164(me.Person.Phone)));
        Assert.Equal(me.Person.PersonId, await Api.PhoneHolderAsync(ProfileKit.E164(phone)));
        await (await Api.LoginAsync(SignInKit.PersonalFields(phone, me.Person.Password))).AssertOkAsync();
        await (await Api.LoginAsync(SignInKit.PersonalFields(me.Person.Phone, me.Person.Password))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task ModifyANonDefaultPhone_IsAConflict()
    {
        var me = await Api.SignedInAsync();
        var phoneId = await Api.AddPhoneAsync(me, TestData.Phone());
        var phone = TestData.Phone();

        var refused = await Api.MeAsync(me, HttpMethod.Put, $"/api/me/phones/{phoneId}", new
        {
            verification = await Api.FaceVerificationAsync(me, "modifyPhone"),
            phone,
            newPhoneVerification = await Api.SmsVerificationAsync(me, "newPhone", phone),
        });

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Null(await Api.PhoneHolderAsync(ProfileKit.E164(phone)));
    }

    [Fact]
    public async Task PhoneChanges_WriteTheirEventsWithTheChange()
    {
        var me = await Api.SignedInAsync();
        var phoneId = await Api.AddPhoneAsync(me, TestData.Phone());
        await (await Api.PostAsync(me.Session, $"/api/me/phones/{phoneId}/default")).AssertOkAsync(HttpStatusCode.NoContent);

        var types = (await Api.PersonOutboxAsync(me.Person.PersonId)).Select(row => row.Type).ToList();

        Assert.Contains("person.phoneAdded", types);
        Assert.Contains("person.defaultPhoneChanged", types);
    }
}
