using System.Globalization;
using System.Net;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Profile;
using TaxIdentity.Tests.Registration;

namespace TaxIdentity.Tests.Login;

/// <summary>
/// Document numbers are never usernames: a username can't look like any ID type's number, and an account is looked up
/// as a document number too, so a passport or permit holder signs in by number and nobody can squat it (A2-A6, F4).
/// Short documents are masked by proportion (F1).
/// </summary>
public sealed class DocumentAccountTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task Username_ShapedLikeADocumentNumber_IsRefused()
    {
        var me = await Api.SignedInAsync();
        var passportLike = NewPassportNumber();

        var change = await Api.MeAsync(me, HttpMethod.Put, "/api/me/username", new { username = passportLike, verification = await Api.FaceVerificationAsync(me, "changeUsername") });
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var registration = await Api.PostRegistrationAsync(await Api.ProvenBodyAsync(phone, verificationId, code, username: passportLike));

        await change.AssertFieldErrorAsync("username");
        await registration.AssertFieldErrorAsync("username");
        Assert.Null((await Api.StoredPersonAsync(me.Person.PersonId)).Username);
        Assert.Null(await Api.IndexHolderAsync(Core.Persons.PersonIndexEntity.ForUsername(passportLike)));
    }

    [Theory]
    [InlineData("passport")]
    [InlineData("hkMacaoPermit")]
    public async Task DocumentHolder_SignsInByTheirDocumentNumber(string idType)
    {
        var (personId, number) = await RegisterWithDocumentAsync(idType);

        var byNumber = await Api.LoginFromAsync(SignInKit.PersonalFields(number, Accounts.Password));
        var byLowerCase = await Api.LoginFromAsync(SignInKit.PersonalFields(number.ToLowerInvariant(), Accounts.Password));

        var session = await byNumber.AssertOkAsync();
        await byLowerCase.AssertOkAsync();
        Assert.Equal(personId, (await Api.StoredSessionAsync(Accounts.ToSession(session))).PersonId);
    }

    [Fact]
    public async Task ShortDocument_IsMaskedByProportion_NotByThreeAndFour()
    {
        var (_, number) = await RegisterWithDocumentAsync("passport");
        var session = Accounts.ToSession(await (await Api.LoginFromAsync(SignInKit.PersonalFields(number, Accounts.Password))).AssertOkAsync());

        var me = await (await Api.GetWithTokenAsync(session.AccessToken, "/api/me")).AssertOkAsync();

        var masked = me.GetProperty("idNumber").GetString()!;
        Assert.Equal(number[..1] + new string('*', 6) + number[^2..], masked);
        Assert.Equal(masked, Mask.IdNumber(number));
        Assert.Equal("540***********101X", Mask.IdNumber("54010219800101101X"));
    }

    /// <summary>A passport number (E + 8 digits) or a Hong Kong and Macao permit number (H + 8 digits) nobody holds.</summary>
    private static string NewPassportNumber(char prefix = 'E') =>
        prefix + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    private async Task<(string PersonId, string Number)> RegisterWithDocumentAsync(string idType)
    {
        var number = NewPassportNumber(idType == "passport" ? 'E' : 'H');
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var body = SignUp.Body(phone, verificationId, code, idNumber: number, identityProof: new { registrationCode = await Api.RegistrationCodeAsync(number, idType) });
        body["idType"] = idType;
        var created = await (await Api.PostRegistrationAsync(body)).AssertOkAsync(HttpStatusCode.Created);
        return (created.GetProperty("personId").GetString()!, number);
    }
}
