using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Registration;

/// <summary>
/// A1 and J2: nobody registers without proof that they are the person the ID names (a face check bound to the
/// name and ID, or a registration code the tax office issued for the ID); registration tells nothing about an ID
/// before the SMS code is spent, and the first attempt past validation spends it.
/// </summary>
public sealed partial class RealNameProofTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private PersonDirectory Persons => Api.Services.GetRequiredService<PersonDirectory>();

    /// <summary>An enterprise whose legal representative the tax office names with a phone on file; nobody has registered them.</summary>
    private async Task<(string CreditCode, string IdNumber, string OfficePhone)> ProvisionedLegalRepresentativeAsync(string name)
    {
        var idNumber = TestData.ResidentId();
        var officePhone = TestData.Phone();
        var creditCode = TestData.CreditCode();
        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{creditCode}", TestData.Enterprise(TestData.Person(name, idNumber, officePhone)))).AssertOkAsync();
        return (creditCode, idNumber, officePhone);
    }

    private async Task<string?> StoredProofAsync(string personId) =>
        (await Api.RowsAsync(Core.Common.Storage.TableNames.Persons, personId)).Single(row => row.RowKey == PersonEntity.ProfileRow).GetString("IdentityProof");

    [Fact]
    public async Task Register_ProvisionedLegalRepresentativeWithoutProof_IsRefusedAndStaysProvisioned()
    {
        var (creditCode, idNumber, officePhone) = await ProvisionedLegalRepresentativeAsync("扎西");
        var attackerPhone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(attackerPhone);
        var body = SignUp.Body(attackerPhone, verificationId, code, idNumber, "扎西");
        body.Remove("identityProof");

        await (await Api.PostRegistrationAsync(body)).AssertFieldErrorAsync("identityProof");

        body["identityProof"] = new { registrationCode = SignUp.UnissuedRegistrationCode };
        await (await Api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        var person = (await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default))!;
        Assert.Equal(PersonStatus.Provisioned, person.PersonStatus);
        Assert.Null(person.PasswordHash);
        Assert.Null(await Api.ClaimAsync(PersonIndexEntity.ForPhone("+86" + attackerPhone)));
        var attacker = new TestPerson(person.PersonId, "扎西", idNumber, attackerPhone, null, Accounts.Password);
        await (await Api.EnterprisePasswordAsync(attacker, creditCode)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(0, await Api.InboxCountAsync(officePhone));
    }

    [Fact]
    public async Task Register_ProvisionedLegalRepresentativeWithRegistrationCode_ActivatesAndNotifiesTheOfficePhone()
    {
        var (creditCode, idNumber, officePhone) = await ProvisionedLegalRepresentativeAsync("扎西");
        var provisioned = (await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default))!;
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var body = await Api.ProvenBodyAsync(phone, verificationId, code, idNumber, "扎西");

        var created = await (await Api.PostRegistrationAsync(body)).AssertOkAsync(HttpStatusCode.Created);

        Assert.Equal(provisioned.PersonId, created.GetProperty("personId").GetString());
        Assert.Equal(PersonStatus.Active, (await Persons.FindAsync(provisioned.PersonId, default))!.PersonStatus);
        Assert.Equal("registrationCode", await StoredProofAsync(provisioned.PersonId));
        var session = await Api.EnterpriseLoginAsync(new TestPerson(provisioned.PersonId, "扎西", idNumber, phone, null, Accounts.Password), creditCode);
        Assert.Equal("legalRepresentative", session.Body.GetProperty("current").GetProperty("identityType").GetString());
        Assert.Equal(1, await Api.InboxCountAsync(officePhone));
        var notice = await Api.InboxMessageAsync(officePhone);
        Assert.Contains("电子税务局", notice, StringComparison.Ordinal);
        Assert.DoesNotContain(phone, notice, StringComparison.Ordinal);
        Assert.DoesNotMatch(SixDigits(), notice);
    }

    [Fact]
    public async Task Register_ProvisionedPersonWithMatchingFaceCheck_ActivatesAtLevelFourAndNotifiesTheOfficePhone()
    {
        var idNumber = TestData.ResidentId();
        var officePhone = TestData.Phone();
        await (await Api.Operator.PutJsonAsync(
            $"/api/operator/persons/residentIdCard/{idNumber}", new { name = "卓玛", phone = officePhone, existingHousehold = false, realNameLevel = 2 })).AssertOkAsync();
        var faceId = await Api.ApprovedFaceAsync("register", "卓玛", idNumber);
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var body = SignUp.Body(phone, verificationId, code, idNumber, "卓玛", identityProof: new { faceVerificationId = faceId });

        var created = await (await Api.PostRegistrationAsync(body)).AssertOkAsync(HttpStatusCode.Created);

        var personId = created.GetProperty("personId").GetString()!;
        Assert.Equal(PersonStatus.Active, (await Persons.FindAsync(personId, default))!.PersonStatus);
        Assert.Equal("face", await StoredProofAsync(personId));
        Assert.Equal(4, (await Persons.FindAsync(personId, default))!.RealNameLevel);
        Assert.Equal("used", await Api.VerificationStatusAsync(faceId));
        Assert.Equal(1, await Api.InboxCountAsync(officePhone));
    }

    [Fact]
    public async Task Register_NewPersonWithMatchingFaceCheck_IsCreatedAtRealNameLevelFour()
    {
        var idNumber = TestData.ResidentId();
        var name = SignUp.NewName();
        var faceId = await Api.ApprovedFaceAsync("register", name, idNumber);
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        var created = await (await Api.PostRegistrationAsync(
            SignUp.Body(phone, verificationId, code, idNumber, name, identityProof: new { faceVerificationId = faceId }))).AssertOkAsync(HttpStatusCode.Created);

        var personId = created.GetProperty("personId").GetString()!;
        Assert.Equal("face", await StoredProofAsync(personId));
        Assert.Equal(4, (await Persons.FindAsync(personId, default))!.RealNameLevel);
    }

    [Theory]
    [InlineData("otherId")]
    [InlineData("otherName")]
    [InlineData("otherPurpose")]
    [InlineData("notApproved")]
    public async Task Register_FaceCheckNotForThisRegistration_FailsVerification(string mismatch)
    {
        var idNumber = TestData.ResidentId();
        var name = SignUp.NewName();
        var faceId = mismatch switch
        {
            "otherId" => await Api.ApprovedFaceAsync("register", name, TestData.ResidentId()),
            "otherName" => await Api.ApprovedFaceAsync("register", name + "甲", idNumber),
            "otherPurpose" => await Api.ApprovedFaceAsync("resetPassword", name, idNumber),
            _ => await Api.StartFaceIdAsync(new { purpose = "register", name, idType = "residentIdCard", idNumber }),
        };
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        var response = await Api.PostRegistrationAsync(SignUp.Body(phone, verificationId, code, idNumber, name, identityProof: new { faceVerificationId = faceId }));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Null(await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default));
        Assert.NotEqual("used", await Api.VerificationStatusAsync(faceId));
    }

    [Fact]
    public async Task Register_FaceCheckUsedOnce_CannotRegisterASecondTime()
    {
        var idNumber = TestData.ResidentId();
        var name = SignUp.NewName();
        var faceId = await Api.ApprovedFaceAsync("register", name, idNumber);
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var first = await (await Api.PostRegistrationAsync(
            SignUp.Body(phone, verificationId, code, idNumber, name, identityProof: new { faceVerificationId = faceId }))).AssertOkAsync(HttpStatusCode.Created);
        var otherPhone = TestData.Phone();
        var (otherId, otherCode) = await Api.RegisterCodeAsync(otherPhone);

        var again = await Api.PostRegistrationAsync(SignUp.Body(otherPhone, otherId, otherCode, idNumber, name, identityProof: new { faceVerificationId = faceId }));

        await again.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal(first.GetProperty("personId").GetString(), (await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default))?.PersonId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("both")]
    [InlineData("ABC")]
    public async Task Register_MissingOrMalformedIdentityProof_NamesIt(string? proof)
    {
        var body = SignUp.Body(TestData.Phone(), "s0123456789abcdef", "123456");
        body["identityProof"] = proof switch
        {
            null => new { },
            "both" => new { faceVerificationId = "f0123456789abcdef", registrationCode = SignUp.UnissuedRegistrationCode },
            _ => new { registrationCode = proof },
        };

        await (await Api.PostRegistrationAsync(body)).AssertFieldErrorAsync("identityProof");
    }

    [Fact]
    public async Task Register_MissingIdentityProof_LeavesTheCodeUsable()
    {
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var body = await Api.ProvenBodyAsync(phone, verificationId, code);
        var proof = body["identityProof"];
        body.Remove("identityProof");
        await (await Api.PostRegistrationAsync(body)).AssertFieldErrorAsync("identityProof");

        body["identityProof"] = proof;

        await (await Api.PostRegistrationAsync(body)).AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Register_FirstAttemptPastValidation_SpendsTheCodeWhateverTheOutcome()
    {
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var body = SignUp.Body(phone, verificationId, code);
        await (await Api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal("used", await Api.VerificationStatusAsync(verificationId));

        body["identityProof"] = new { registrationCode = await Api.RegistrationCodeAsync((string)body["idNumber"]!) };

        await (await Api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Null(await Persons.FindByDocumentAsync(IdType.ResidentIdCard, (string)body["idNumber"]!, default));
    }

    [Fact]
    public async Task Register_RegisteredProvisionedAndUnknownIds_AnswerAlikeUntilTheCodeIsSpent()
    {
        var registered = await Api.RegisterAsync();
        var provisionedId = TestData.ResidentId();
        await (await Api.Operator.PutJsonAsync(
            $"/api/operator/persons/residentIdCard/{provisionedId}", new { name = "格桑", existingHousehold = false, realNameLevel = 1 })).AssertOkAsync();
        var answers = new List<string>();
        foreach (var (idNumber, name) in new[] { (registered.IdNumber, registered.Name), (provisionedId, "次仁"), (TestData.ResidentId(), "次仁") })
        {
            // The same right code, and a proof nobody issued: the one thing a prober lacks.
            var phone = TestData.Phone();
            var (verificationId, code) = await Api.RegisterCodeAsync(phone);
            var body = SignUp.Body(phone, verificationId, code, idNumber, name);

            var problem = await (await Api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");

            answers.Add(SignInKit.WithoutTraceId(problem));
            Assert.Equal("used", await Api.VerificationStatusAsync(verificationId));
        }

        Assert.Single(answers.Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Register_RegisteredIdWithWrongCode_AnswersLikeAnUnknownId()
    {
        var registered = await Api.RegisterAsync();
        var answers = new List<string>();
        foreach (var idNumber in new[] { registered.IdNumber, TestData.ResidentId() })
        {
            var phone = TestData.Phone();
            var (verificationId, code) = await Api.RegisterCodeAsync(phone);
            var body = await Api.ProvenBodyAsync(phone, verificationId, SignUp.WrongCode(code), idNumber, registered.Name);

            answers.Add(SignInKit.WithoutTraceId(await (await Api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed")));
        }

        Assert.Single(answers.Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RegistrationCode_Issued_IsShownOnceAndStoredOnlyAsAHash()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var idNumber = TestData.ResidentId();

        var issued = await (await api.IssueRegistrationCodeAsync(idNumber)).AssertOkAsync(HttpStatusCode.Created);

        var registrationCode = issued.GetProperty("registrationCode").GetString()!;
        Assert.Matches(RegistrationCodePattern(), registrationCode);
        Assert.Equal(time.GetUtcNow().AddDays(7), issued.GetProperty("expiresAt").GetDateTimeOffset());
        var rows = await api.RowsAsync("RegistrationCodes");
        var row = Assert.Single(rows);
        var stored = string.Join('\n', row.Select(property => property.Value?.ToString()));
        Assert.DoesNotContain(registrationCode, stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(registrationCode.Replace("-", string.Empty, StringComparison.Ordinal), stored, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RegistrationCode_InLowerCaseWithoutDashes_IsAccepted()
    {
        var phone = TestData.Phone();
        var idNumber = TestData.ResidentId();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var typed = (await Api.RegistrationCodeAsync(idNumber)).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

        var response = await Api.PostRegistrationAsync(SignUp.Body(phone, verificationId, code, idNumber, identityProof: new { registrationCode = typed }));

        await response.AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task RegistrationCode_UsedOnce_CannotBeUsedAgain()
    {
        var idNumber = TestData.ResidentId();
        var registrationCode = await Api.RegistrationCodeAsync(idNumber);
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        await (await Api.PostRegistrationAsync(
            SignUp.Body(phone, verificationId, code, idNumber, identityProof: new { registrationCode }))).AssertOkAsync(HttpStatusCode.Created);
        var otherPhone = TestData.Phone();
        var (otherId, otherCode) = await Api.RegisterCodeAsync(otherPhone);

        var again = await Api.PostRegistrationAsync(SignUp.Body(otherPhone, otherId, otherCode, idNumber, identityProof: new { registrationCode }));

        await again.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Null(await Api.ClaimAsync(PersonIndexEntity.ForPhone("+86" + otherPhone)));
    }

    [Fact]
    public async Task RegistrationCode_ForAnotherId_FailsVerification()
    {
        var registrationCode = await Api.RegistrationCodeAsync(TestData.ResidentId());
        var phone = TestData.Phone();
        var idNumber = TestData.ResidentId();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        var response = await Api.PostRegistrationAsync(SignUp.Body(phone, verificationId, code, idNumber, identityProof: new { registrationCode }));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Null(await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default));
    }

    [Fact]
    public async Task RegistrationCode_ReissuedForTheSameId_ReplacesTheEarlierOne()
    {
        var idNumber = TestData.ResidentId();
        var earlier = await Api.RegistrationCodeAsync(idNumber);
        var later = await Api.RegistrationCodeAsync(idNumber);
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        var response = await Api.PostRegistrationAsync(SignUp.Body(phone, verificationId, code, idNumber, identityProof: new { registrationCode = earlier }));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.NotEqual(earlier, later);
    }

    [Fact]
    public async Task RegistrationCode_ValidForSevenDays()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var lateId = TestData.ResidentId();
        var expiredId = TestData.ResidentId();
        var late = await api.RegistrationCodeAsync(lateId);
        var expired = await api.RegistrationCodeAsync(expiredId);
        time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        var phone = TestData.Phone();
        var (verificationId, code) = await api.RegisterCodeAsync(phone);
        await (await api.PostRegistrationAsync(
            SignUp.Body(phone, verificationId, code, lateId, identityProof: new { registrationCode = late }))).AssertOkAsync(HttpStatusCode.Created);

        time.Advance(TimeSpan.FromMinutes(1));
        var otherPhone = TestData.Phone();
        var (otherId, otherCode) = await api.RegisterCodeAsync(otherPhone);
        var response = await api.PostRegistrationAsync(SignUp.Body(otherPhone, otherId, otherCode, expiredId, identityProof: new { registrationCode = expired }));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Null(await api.Services.GetRequiredService<PersonDirectory>().FindByDocumentAsync(IdType.ResidentIdCard, expiredId, default));
    }

    [Fact]
    public async Task RegistrationCode_WithoutOperatorKey_IsUnauthenticated()
    {
        var response = await Api.Client.PostAsync($"/api/operator/persons/residentIdCard/{TestData.ResidentId()}/registration-code", null);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("residentIdCard", "540102198001011010", "idNumber")]
    [InlineData("driverLicence", "540102198001011010", "idType")]
    public async Task RegistrationCode_ForAnInvalidId_NamesTheField(string idType, string idNumber, string field)
    {
        await (await Api.IssueRegistrationCodeAsync(idNumber, idType)).AssertFieldErrorAsync(field);
    }

    [GeneratedRegex("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")]
    private static partial Regex RegistrationCodePattern();

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();
}
