using System.Net;
using System.Net.Http.Json;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Profile;

/// <summary>F9 deregistration: agreement, then SMS or face; irreversible; identities end, sessions end, ID, phones and username are free again.</summary>
public sealed class DeregistrationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private Task<HttpResponseMessage> DeregisterAsync(SignedInPerson me, object body) => Api.PostAsync(me.Session, "/api/me/deregistration", body);

    [Fact]
    public async Task Deregistration_BySms_EndsTheAccount_AndEveryTokenAnswers401()
    {
        var me = await Api.SignedInAsync();
        var other = await Api.PersonalLoginAsync(me.Person);

        await (await DeregisterAsync(me, new { agreementAccepted = true, verification = await Api.SmsVerificationAsync(me, "deregister") })).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal(PersonStatus.Deregistered, (await Api.StoredPersonAsync(me.Person.PersonId)).PersonStatus);
        foreach (var session in new[] { me.Session, other })
        {
            await (await Api.GetWithTokenAsync(session.AccessToken, "/api/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
            await (await Api.RefreshAsync(session.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        await (await Api.LoginAsync(SignInKit.PersonalFields(me.Person.Phone, me.Person.Password))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Deregistration_ByFace_Works()
    {
        var me = await Api.SignedInAsync();

        await (await DeregisterAsync(me, new { agreementAccepted = true, verification = await Api.FaceVerificationAsync(me, "deregister") })).AssertOkAsync(HttpStatusCode.NoContent);

        Assert.Equal(PersonStatus.Deregistered, (await Api.StoredPersonAsync(me.Person.PersonId)).PersonStatus);
    }

    [Fact]
    public async Task Deregistration_WithoutAcceptingTheAgreement_IsAValidationError_AndSpendsNothing()
    {
        var me = await Api.SignedInAsync();
        var verificationId = await Api.ApprovedOwnFaceAsync(me, "deregister");

        await (await DeregisterAsync(me, new { agreementAccepted = false, verification = new { verificationId } })).AssertFieldErrorAsync("agreementAccepted");

        Assert.Equal("approved", await Api.VerificationStatusAsync(verificationId));
        Assert.Equal(PersonStatus.Active, (await Api.StoredPersonAsync(me.Person.PersonId)).PersonStatus);
    }

    [Fact]
    public async Task Deregistration_WithAVerificationOfAnotherPurpose_IsRefused()
    {
        var me = await Api.SignedInAsync();

        var refused = await DeregisterAsync(me, new { agreementAccepted = true, verification = await Api.FaceVerificationAsync(me, "changePassword") });

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal(PersonStatus.Active, (await Api.StoredPersonAsync(me.Person.PersonId)).PersonStatus);
    }

    [Fact]
    public async Task Deregistration_EndsEveryEnterpriseIdentity_WithAHistoryRecord()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var handler = await Api.AddHandlerAsync(enterprise);
        var me = new SignedInPerson(handler, await Api.PersonalLoginAsync(handler));
        var (_, ownEnterpriseId) = await Api.EnterpriseOfAsync(handler);

        await (await DeregisterAsync(me, new { agreementAccepted = true, verification = await Api.FaceVerificationAsync(me, "deregister") })).AssertOkAsync(HttpStatusCode.NoContent);

        var handlers = await Api.ListAsync(enterprise.Manager, "/api/enterprise/handlers");
        Assert.Empty(handlers.WithProperty("handlerId", DelegationKit.HandlerId(DelegationKit.TaxClerk, handler.PersonId)));
        Assert.Single((await Api.HistoryAsync(enterprise.Manager, "?kind=deleted")).WithProperty("identityType", DelegationKit.TaxClerk));
        Assert.Empty(await Api.Service<Core.Identities.IdentityStore>().ListForPersonAsync(handler.PersonId, default));
        Assert.Empty(await Api.Service<Core.Identities.IdentityStore>().ListForEnterpriseAsync(ownEnterpriseId, Core.Catalog.IdentityType.LegalRepresentative, default));
        Assert.Contains(await Api.PersonOutboxAsync(handler.PersonId), row => row.Type == "person.deregistered");
    }

    [Fact]
    public async Task ReRegistration_AfterDeregistration_WithTheSameIdPhoneAndUsername_Succeeds()
    {
        var username = SignInKit.Username();
        var me = await Api.SignedInAsync(username);
        await (await DeregisterAsync(me, new { agreementAccepted = true, verification = await Api.FaceVerificationAsync(me, "deregister") })).AssertOkAsync(HttpStatusCode.NoContent);

        var again = await Api.RegisterAsync(me.Person.Name, me.Person.IdNumber, me.Person.Phone, username);

        Assert.NotEqual(me.Person.PersonId, again.PersonId);
        Assert.Equal(again.PersonId, await Api.IndexHolderAsync(PersonIndexEntity.ForDocument(Core.Common.Identifiers.IdType.ResidentIdCard, me.Person.IdNumber)));
        Assert.Equal(again.PersonId, await Api.PhoneHolderAsync(ProfileKit.E164(me.Person.Phone)));
        await (await Api.LoginAsync(SignInKit.PersonalFields(me.Person.IdNumber, again.Password))).AssertOkAsync();
        await (await Api.LoginAsync(SignInKit.PersonalFields(username, again.Password))).AssertOkAsync();
        Assert.Equal(PersonStatus.Deregistered, (await Api.StoredPersonAsync(me.Person.PersonId)).PersonStatus);
    }

    [Fact]
    public async Task ReRegistration_OfAnActivePersonsId_IsStillAConflict()
    {
        var me = await Api.SignedInAsync();
        var registrationCode = await Api.RegistrationCodeAsync(me.Person.IdNumber);
        var phone = TestData.Phone();
        var verificationId = await Api.SendCodeAsync(new { purpose = "register", phone });
        var code = await Api.LatestCodeAsync(phone);

        var refused = await Api.Client.PostAsJsonAsync("/api/persons", new
        {
            name = me.Person.Name,
            idType = "residentIdCard",
            idNumber = me.Person.IdNumber,
            phone,
            verification = new { verificationId, code },
            identityProof = new { registrationCode },
            password = Accounts.Password,
        });

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task LegalRepresentative_WhoDeregisters_LeavesTheSeatEmpty_UntilTheTaxOfficeSyncsAgain()
    {
        var enterprise = await Api.EnterpriseWithManagerAsync();
        var me = new SignedInPerson(enterprise.LegalRepresentative, await Api.PersonalLoginAsync(enterprise.LegalRepresentative));

        await (await DeregisterAsync(me, new { agreementAccepted = true, verification = await Api.FaceVerificationAsync(me, "deregister") })).AssertOkAsync(HttpStatusCode.NoContent);

        await (await Api.GetAsync(enterprise.Manager, "/api/enterprise/handlers")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        var identities = Api.Service<Core.Identities.IdentityStore>();
        Assert.Empty(await identities.ListForEnterpriseAsync(enterprise.EnterpriseId, Core.Catalog.IdentityType.LegalRepresentative, default));

        // The tax office syncs the same person again: a provisioned account for the ID holds the seat until they register again.
        var body = TestData.Enterprise(new { name = me.Person.Name, idType = "residentIdCard", idNumber = me.Person.IdNumber });
        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{enterprise.CreditCode}", body)).AssertOkAsync();
        var seat = Assert.Single(await identities.ListForEnterpriseAsync(enterprise.EnterpriseId, Core.Catalog.IdentityType.LegalRepresentative, default));
        Assert.NotEqual(me.Person.PersonId, seat.PersonId);
        Assert.Equal(PersonStatus.Provisioned, (await Api.StoredPersonAsync(seat.PersonId)).PersonStatus);
        var again = await Api.RegisterAsync(me.Person.Name, me.Person.IdNumber);
        Assert.Equal(seat.PersonId, again.PersonId);
        await Api.EnterpriseLoginAsync(again, enterprise.CreditCode);
    }
}
