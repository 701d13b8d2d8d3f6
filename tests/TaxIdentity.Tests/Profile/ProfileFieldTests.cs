using System.Net;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Profile;

/// <summary>F4 username (unique, SMS or face), F5 e-mail, F6 ID validity, F7 address, F8 name.</summary>
public sealed class ProfileFieldTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private Task<HttpResponseMessage> PutAsync(SignedInPerson me, string route, object body) => Api.MeAsync(me, HttpMethod.Put, route, body);

    [Fact]
    public async Task Username_ChangedBySms_SignsIn_AndFreesTheOldOne()
    {
        var old = SignInKit.Username();
        var me = await Api.SignedInAsync(old);
        var username = SignInKit.Username();

        await (await PutAsync(me, "/api/me/username", new { username, verification = await Api.SmsVerificationAsync(me, "changeUsername") })).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal(username, (await Api.StoredPersonAsync(me.Person.PersonId)).Username);
        await (await Api.LoginAsync(SignInKit.PersonalFields(username, me.Person.Password))).AssertOkAsync();
        await (await Api.LoginAsync(SignInKit.PersonalFields(old, me.Person.Password))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Null(await Api.IndexHolderAsync(PersonIndexEntity.ForUsername(old)));
    }

    [Fact]
    public async Task Username_ChangedByFace_Works()
    {
        var me = await Api.SignedInAsync();
        var username = SignInKit.Username();

        await (await PutAsync(me, "/api/me/username", new { username, verification = await Api.FaceVerificationAsync(me, "changeUsername") })).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal(me.Person.PersonId, await Api.IndexHolderAsync(PersonIndexEntity.ForUsername(username)));
    }

    [Fact]
    public async Task Username_TakenByAnotherPerson_InAnyCase_IsAConflict()
    {
        var taken = SignInKit.Username();
        await Api.SignedInAsync(taken);
        var me = await Api.SignedInAsync();

        var refused = await PutAsync(me, "/api/me/username", new { username = taken.ToUpperInvariant(), verification = await Api.FaceVerificationAsync(me, "changeUsername") });

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Null((await Api.StoredPersonAsync(me.Person.PersonId)).Username);
    }

    [Fact]
    public async Task Username_WithoutAVerificationOfItsPurpose_IsRefused()
    {
        var me = await Api.SignedInAsync();

        var refused = await PutAsync(me, "/api/me/username", new { username = SignInKit.Username(), verification = await Api.FaceVerificationAsync(me, "addPhone") });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("abcdefghijklmnopqrstuvwxyz")]
    public async Task Username_NotOfTheFormat_IsAValidationError(string username)
    {
        var me = await Api.SignedInAsync();

        await (await PutAsync(me, "/api/me/username", new { username, verification = new { verificationId = "f0", code = (string?)null } })).AssertFieldErrorAsync("username");
    }

    [Fact]
    public async Task Username_Change_WritesAnEvent()
    {
        var me = await Api.SignedInAsync();

        await (await PutAsync(me, "/api/me/username", new { username = SignInKit.Username(), verification = await Api.FaceVerificationAsync(me, "changeUsername") })).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Contains(await Api.PersonOutboxAsync(me.Person.PersonId), row => row.Type == "person.usernameChanged");
    }

    [Fact]
    public async Task Email_Valid_IsStored()
    {
        var me = await Api.SignedInAsync();

        await (await PutAsync(me, "/api/me/email", new { email = "  Pema@Example.cn " })).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal("Pema@Example.cn", (await Api.StoredPersonAsync(me.Person.PersonId)).Email);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("two@@example.cn")]
    [InlineData("space in@example.cn")]
    public async Task Email_Invalid_IsAValidationError(string email)
    {
        var me = await Api.SignedInAsync();

        await (await PutAsync(me, "/api/me/email", new { email })).AssertFieldErrorAsync("email");
        Assert.Null((await Api.StoredPersonAsync(me.Person.PersonId)).Email);
    }

    [Fact]
    public async Task Email_OverLong_IsAValidationError()
    {
        var me = await Api.SignedInAsync();

        await (await PutAsync(me, "/api/me/email", new { email = new string('a', 250) + "@example.cn" })).AssertFieldErrorAsync("email");
    }

    [Fact]
    public async Task IdValidity_Custom_NeedsAnEndAfterTheStart()
    {
        var me = await Api.SignedInAsync();

        await (await PutAsync(me, "/api/me/id-validity", new { kind = "custom", start = "2030-01-01", end = "2020-01-01" })).AssertFieldErrorAsync("end");
        await (await PutAsync(me, "/api/me/id-validity", new { kind = "custom", start = "2030-01-01", end = "2030-01-01" })).AssertFieldErrorAsync("end");
        await (await PutAsync(me, "/api/me/id-validity", new { kind = "custom", start = "2030-01-01" })).AssertFieldErrorAsync("end");
        Assert.Null((await Api.StoredPersonAsync(me.Person.PersonId)).IdValidFrom);
    }

    [Fact]
    public async Task IdValidity_LongTerm_TakesAStartOnly()
    {
        var me = await Api.SignedInAsync();

        await (await PutAsync(me, "/api/me/id-validity", new { kind = "longTerm", start = "2019-05-04" })).AssertOkAsync(HttpStatusCode.NoContent);
        await (await PutAsync(me, "/api/me/id-validity", new { kind = "longTerm", start = "2019-05-04", end = "2039-05-04" })).AssertFieldErrorAsync("end");

        var validity = (await (await Api.GetMeAsync(me)).AssertOkAsync()).GetProperty("idValidity");
        Assert.Equal("longTerm", validity.GetProperty("kind").GetString());
        Assert.Equal("2019-05-04", validity.GetProperty("start").GetString());
        Assert.False(validity.TryGetProperty("end", out _));
    }

    [Fact]
    public async Task IdValidity_WithAMalformedDate_IsAValidationError()
    {
        var me = await Api.SignedInAsync();

        await (await PutAsync(me, "/api/me/id-validity", new { kind = "custom", start = "2019-13-01", end = "2039-01-01" })).AssertFieldErrorAsync("start");
    }

    [Fact]
    public async Task Address_IsStoredNormalized_AndBounded()
    {
        var me = await Api.SignedInAsync();

        await (await PutAsync(me, "/api/me/address", new { address = "拉萨市城关区  八廓街 1 号" })).AssertOkAsync(HttpStatusCode.NoContent);
        await (await PutAsync(me, "/api/me/address", new { address = new string('路', 201) })).AssertFieldErrorAsync("address");
        await (await PutAsync(me, "/api/me/address", new { address = "拉萨\u202E市" })).AssertFieldErrorAsync("address");

        Assert.Equal("拉萨市城关区  八廓街 1 号", (await Api.StoredPersonAsync(me.Person.PersonId)).Address);
    }

    [Fact]
    public async Task Name_OverLongOrInvisible_IsRefusedBeforeAnyVerification()
    {
        var me = await Api.SignedInAsync();
        var unspent = new { verificationId = "f0" };

        await (await PutAsync(me, "/api/me/name", new { name = new string('名', 51), verification = unspent })).AssertFieldErrorAsync("name");
        await (await PutAsync(me, "/api/me/name", new { name = "\u200B", verification = unspent })).AssertFieldErrorAsync("name");

        Assert.Equal(me.Person.Name, (await Api.StoredPersonAsync(me.Person.PersonId)).Name);
    }
}
