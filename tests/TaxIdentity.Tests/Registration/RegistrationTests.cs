using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Passwords;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Registration;

/// <summary>A1: natural-person registration, and activation of persons the tax office provisioned.</summary>
public sealed class RegistrationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    private PersonDirectory Persons => Api.Services.GetRequiredService<PersonDirectory>();

    private AccountDirectory AccountLookup => Api.Services.GetRequiredService<AccountDirectory>();

    /// <summary>A well-formed verification that was never issued: enough for requests refused before the code is checked.</summary>
    private static Dictionary<string, object?> UncheckedBody() => SignUp.Body(TestData.Phone(), "s0123456789abcdef", "123456");

    [Fact]
    public async Task Register_ValidRequest_CreatesActivePersonFindableByPhoneIdAndUsername()
    {
        var phone = TestData.Phone();
        var idNumber = TestData.ResidentId();
        var username = SignUp.NewUsername();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var body = await Api.ProvenBodyAsync(phone, verificationId, code, idNumber, name: "格桑卓玛", username: username);

        var created = await (await Api.PostRegistrationAsync(body)).AssertOkAsync(HttpStatusCode.Created);

        var personId = created.GetProperty("personId").GetString()!;
        var person = await Persons.FindAsync(personId, default);
        Assert.NotNull(person);
        Assert.Equal(PersonStatus.Active, person.PersonStatus);
        Assert.Equal("格桑卓玛", person.Name);
        Assert.Equal(IdType.ResidentIdCard, person.Document);
        Assert.Equal(idNumber, person.IdNumber);
        Assert.Equal(username, person.Username);
        Assert.Equal("+86" + phone, person.DefaultPhone);
        Assert.Single(person.Phones);
        Assert.False(string.IsNullOrEmpty(person.PasswordHash));
        Assert.DoesNotContain(Accounts.Password, person.PasswordHash, StringComparison.Ordinal);
        foreach (var account in new[] { phone, "+86" + phone, idNumber, username, username.ToUpperInvariant() })
        {
            Assert.Equal(personId, (await AccountLookup.FindAsync(account, default))?.PersonId);
        }

        var session = await Api.PersonalLoginAsync(new TestPerson(personId, "格桑卓玛", idNumber, phone, username, Accounts.Password));
        Assert.Equal("personal", session.Body.GetProperty("current").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("name")]
    [InlineData("idType")]
    [InlineData("idNumber")]
    [InlineData("phone")]
    [InlineData("verification")]
    [InlineData("password")]
    public async Task Register_MissingField_NamesTheField(string field)
    {
        var body = UncheckedBody();
        body.Remove(field);

        var response = await Api.PostRegistrationAsync(body);

        await response.AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task Register_EmptyBody_NamesEveryRequiredField()
    {
        var problem = await (await Api.Client.PostAsJsonAsync("/api/persons", new { })).AssertFieldErrorAsync("name");

        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "idType", "phone", "verification", "password" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Register_IdNumberWithWrongCheckCharacter_IsRejected()
    {
        var valid = TestData.ResidentId();
        var body = UncheckedBody();
        body["idNumber"] = valid[..17] + (valid[17] == '0' ? '1' : '0');

        await (await Api.PostRegistrationAsync(body)).AssertFieldErrorAsync("idNumber");
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("23800138000")] // mainland mobile numbers start with 1
    [InlineData("1380013800a")]
    [InlineData("+86123")] // +86 must be followed by a mainland mobile number
    public async Task Register_InvalidPhone_IsRejected(string phone)
    {
        var body = UncheckedBody();
        body["phone"] = phone;

        await (await Api.PostRegistrationAsync(body)).AssertFieldErrorAsync("phone");
    }

    [Fact]
    public async Task Register_InvalidUsername_IsRejected()
    {
        var body = UncheckedBody();
        body["username"] = "9starts_with_a_digit";

        await (await Api.PostRegistrationAsync(body)).AssertFieldErrorAsync("username");
    }

    [Theory]
    [InlineData("password")] // too few kinds of character, and common
    [InlineData("Abcdefghij")] // two kinds of character
    [InlineData("Ab1!xyz")] // seven characters
    [InlineData("P@ssw0rd")] // on the common-password list
    public async Task Register_WeakPassword_BreaksPasswordPolicy(string password)
    {
        var body = UncheckedBody();
        body["password"] = password;

        var problem = await (await Api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest, "password_policy");

        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Register_PasswordEqualToUsername_BreaksPasswordPolicy()
    {
        var username = "Xz_9" + Guid.NewGuid().ToString("N")[..8];
        var body = UncheckedBody();
        body["username"] = username;
        body["password"] = username;

        var problem = await (await Api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest, "password_policy");

        Assert.Equal([PasswordPolicy.UsernameMessage], problem.GetProperty("errors").GetProperty("password").EnumerateArray().Select(message => message.GetString()));
    }

    [Fact]
    public async Task Register_PasswordContainingIdNumber_BreaksPasswordPolicy()
    {
        var body = UncheckedBody();
        body["password"] = "Id#" + body["idNumber"];

        var problem = await (await Api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest, "password_policy");

        Assert.Equal([PasswordPolicy.IdNumberMessage], problem.GetProperty("errors").GetProperty("password").EnumerateArray().Select(message => message.GetString()));
    }

    [Fact]
    public async Task Register_PasswordPolicyFailure_LeavesTheCodeUsable()
    {
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var body = await Api.ProvenBodyAsync(phone, verificationId, code, password: "weakpass");
        await (await Api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest, "password_policy");

        body["password"] = Accounts.Password;

        await (await Api.PostRegistrationAsync(body)).AssertOkAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Register_WrongCode_FailsVerificationAndStoresNothing()
    {
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var body = SignUp.Body(phone, verificationId, SignUp.WrongCode(code));

        await (await Api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");

        Assert.Null(await AccountLookup.FindAsync(phone, default));
        Assert.Null(await Persons.FindByDocumentAsync(IdType.ResidentIdCard, (string)body["idNumber"]!, default));
        Assert.Null(await Api.ClaimAsync(PersonIndexEntity.ForPhone("+86" + phone)));
    }

    [Fact]
    public async Task Register_CodeSentToAnotherPhone_FailsVerification()
    {
        var codePhone = TestData.Phone();
        var otherPhone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(codePhone);

        var response = await Api.PostRegistrationAsync(await Api.ProvenBodyAsync(otherPhone, verificationId, code));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Null(await AccountLookup.FindAsync(otherPhone, default));
    }

    [Fact]
    public async Task Register_CodeSentForNewPhone_FailsVerification()
    {
        var someone = await Api.RegisterAsync();
        var session = await Api.PersonalLoginAsync(someone);
        var phone = TestData.Phone();
        var verificationId = await Api.SendCodeAsync(new { purpose = "newPhone", phone }, session.AccessToken);
        var code = await Api.LatestCodeAsync(phone);

        var response = await Api.PostRegistrationAsync(await Api.ProvenBodyAsync(phone, verificationId, code));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Null(await AccountLookup.FindAsync(phone, default));
    }

    [Fact]
    public async Task Register_CodeSentForLogin_FailsVerification()
    {
        var someone = await Api.RegisterAsync();
        var verificationId = await Api.SendCodeAsync(new { purpose = "login", account = someone.IdNumber });
        var code = await Api.LatestCodeAsync(someone.Phone);

        // Without the purpose check this would get as far as the phone's uniqueness (409).
        var response = await Api.PostRegistrationAsync(await Api.ProvenBodyAsync(someone.Phone, verificationId, code));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
    }

    [Fact]
    public async Task Register_DuplicatePhoneWrittenInE164_IsConflict()
    {
        var first = await Api.RegisterAsync();
        var (verificationId, code) = await Api.RegisterCodeAsync("+86" + first.Phone);
        var body = await Api.ProvenBodyAsync("+86" + first.Phone, verificationId, code);

        await (await Api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");

        Assert.Equal(first.PersonId, (await AccountLookup.FindAsync(first.Phone, default))?.PersonId);
        Assert.Null(await Persons.FindByDocumentAsync(IdType.ResidentIdCard, (string)body["idNumber"]!, default));
    }

    [Fact]
    public async Task Register_DuplicateIdNumber_IsConflictAndTakesNeitherPhoneNorUsername()
    {
        var first = await Api.RegisterAsync();
        var phone = TestData.Phone();
        var username = SignUp.NewUsername();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        var response = await Api.PostRegistrationAsync(await Api.ProvenBodyAsync(phone, verificationId, code, first.IdNumber, first.Name, username));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(first.PersonId, (await Persons.FindByDocumentAsync(IdType.ResidentIdCard, first.IdNumber, default))?.PersonId);
        Assert.Null(await Api.ClaimAsync(PersonIndexEntity.ForPhone("+86" + phone)));
        Assert.Null(await Api.ClaimAsync(PersonIndexEntity.ForUsername(username)));
    }

    [Fact]
    public async Task Register_DuplicateUsernameInAnotherCase_IsConflict()
    {
        var first = await Api.RegisterAsync(username: SignUp.NewUsername());
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        var response = await Api.PostRegistrationAsync(await Api.ProvenBodyAsync(phone, verificationId, code, username: first.Username!.ToUpperInvariant()));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(first.PersonId, (await AccountLookup.FindAsync(first.Username, default))?.PersonId);
        Assert.Null(await AccountLookup.FindAsync(phone, default));
        Assert.Null(await Api.ClaimAsync(PersonIndexEntity.ForPhone("+86" + phone)));
    }

    [Fact]
    public async Task Register_SamePhoneTwentyTimesInParallel_OneWinsAndTheRestFindTheCodeSpent()
    {
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var bodies = new List<Dictionary<string, object?>>();
        for (var i = 0; i < 20; i++)
        {
            bodies.Add(await Api.ProvenBodyAsync(phone, verificationId, code));
        }

        // The first request past validation spends the code: the rest are refused on it, before anything else.
        var (personId, winnerBody) = await OneWinsAsync(bodies, HttpStatusCode.BadRequest, "verification_failed");

        Assert.Equal(personId, (await AccountLookup.FindAsync(phone, default))?.PersonId);
        foreach (var body in bodies.Where(body => body != winnerBody))
        {
            Assert.Null(await Persons.FindByDocumentAsync(IdType.ResidentIdCard, (string)body["idNumber"]!, default));
        }
    }

    [Fact]
    public async Task Register_SameIdNumberWithTenPhonesInParallel_OneWinsAndTheOtherPhonesStayFree()
    {
        var idNumber = TestData.ResidentId();
        var name = SignUp.NewName();
        var bodies = new List<Dictionary<string, object?>>();
        for (var i = 0; i < 10; i++)
        {
            var phone = TestData.Phone();
            var (verificationId, code) = await Api.RegisterCodeAsync(phone);
            var faceId = await Api.ApprovedFaceAsync("register", name, idNumber);
            bodies.Add(SignUp.Body(phone, verificationId, code, idNumber, name, identityProof: new { faceVerificationId = faceId }));
        }

        var (personId, winnerBody) = await OneWinsAsync(bodies);

        Assert.Equal(personId, (await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default))?.PersonId);
        Assert.Equal(personId, (await Api.ClaimAsync(PersonIndexEntity.ForDocument(IdType.ResidentIdCard, idNumber)))?.PersonId);
        foreach (var phone in bodies.Where(body => body != winnerBody).Select(body => (string)body["phone"]!))
        {
            Assert.Null(await AccountLookup.FindAsync(phone, default));
            Assert.Null(await Api.ClaimAsync(PersonIndexEntity.ForPhone("+86" + phone)));
        }
    }

    [Fact]
    public async Task Register_SameUsernameForTenPeopleInParallel_OneWinsAndTheOthersHoldNothing()
    {
        var username = SignUp.NewUsername();
        var bodies = new List<Dictionary<string, object?>>();
        for (var i = 0; i < 10; i++)
        {
            var phone = TestData.Phone();
            var (verificationId, code) = await Api.RegisterCodeAsync(phone);
            bodies.Add(await Api.ProvenBodyAsync(phone, verificationId, code, username: username));
        }

        var (personId, winnerBody) = await OneWinsAsync(bodies);

        Assert.Equal(personId, (await AccountLookup.FindAsync(username, default))?.PersonId);
        Assert.Equal(personId, (await Api.ClaimAsync(PersonIndexEntity.ForUsername(username)))?.PersonId);
        foreach (var body in bodies.Where(body => body != winnerBody))
        {
            Assert.Null(await Persons.FindByDocumentAsync(IdType.ResidentIdCard, (string)body["idNumber"]!, default));
            Assert.Null(await Api.ClaimAsync(PersonIndexEntity.ForPhone("+86" + (string)body["phone"]!)));
            Assert.Null(await Api.ClaimAsync(PersonIndexEntity.ForDocument(IdType.ResidentIdCard, (string)body["idNumber"]!)));
        }
    }

    [Fact]
    public async Task Register_SameIdWithOneRegistrationCodeTenTimesInParallel_OneWinsAndTheCodeIsUsedOnce()
    {
        var idNumber = TestData.ResidentId();
        var registrationCode = await Api.RegistrationCodeAsync(idNumber);
        var bodies = new List<Dictionary<string, object?>>();
        for (var i = 0; i < 10; i++)
        {
            var phone = TestData.Phone();
            var (verificationId, code) = await Api.RegisterCodeAsync(phone);
            bodies.Add(SignUp.Body(phone, verificationId, code, idNumber, "次仁", identityProof: new { registrationCode }));
        }

        var responses = await PostAtOnceAsync(bodies);

        var winner = Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
        foreach (var (loser, body) in responses.Zip(bodies).Where(pair => pair.First != winner))
        {
            // Refused on the ID's claim or, once the winner has used the registration code up, on the code.
            var problem = await loser.ReadJsonAsync();
            Assert.Contains((loser.StatusCode, problem.GetProperty("code").GetString()!), new[] { (HttpStatusCode.Conflict, "conflict"), (HttpStatusCode.BadRequest, "verification_failed") });
            Assert.Null(await Api.ClaimAsync(PersonIndexEntity.ForPhone("+86" + body["phone"])));
        }

        var personId = (await winner.ReadJsonAsync()).GetProperty("personId").GetString();
        Assert.Equal(personId, (await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default))?.PersonId);
    }

    /// <summary>
    /// Posts the registrations at once and asserts that exactly one is created and every other one answers the given
    /// problem (409 unless said otherwise); returns the winner's person ID and body.
    /// </summary>
    private async Task<(string PersonId, Dictionary<string, object?> Body)> OneWinsAsync(
        List<Dictionary<string, object?>> bodies, HttpStatusCode loserStatus = HttpStatusCode.Conflict, string loserCode = "conflict")
    {
        var responses = await PostAtOnceAsync(bodies);
        var winners = responses.Select((response, i) => (response, body: bodies[i])).Where(pair => pair.response.StatusCode == HttpStatusCode.Created).ToList();
        var (winner, winnerBody) = Assert.Single(winners);
        foreach (var loser in responses.Where(response => response != winner))
        {
            await loser.AssertProblemAsync(loserStatus, loserCode);
        }

        return ((await winner.ReadJsonAsync()).GetProperty("personId").GetString()!, winnerBody);
    }

    private async Task<HttpResponseMessage[]> PostAtOnceAsync(List<Dictionary<string, object?>> bodies)
    {
        using var client = Api.NewClient();

        // Open the connections first, and come from as many addresses, so that the requests really overlap
        // instead of queueing for connections or for one client's throttle counter.
        await Task.WhenAll(bodies.Select(_ => client.GetAsync("/api/health")));
        return await Task.WhenAll(bodies.Select((body, i) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/persons") { Content = JsonContent.Create(body) };
            request.Headers.Add(ApiHost.FrontEndAddressHeader, $"198.51.100.{i + 1}");
            return client.SendAsync(request);
        }));
    }

    [Fact]
    public async Task Register_ResubmittedAfterTheFirstSucceeded_FindsTheCodeSpent()
    {
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);
        var first = await (await Api.PostRegistrationAsync(await Api.ProvenBodyAsync(phone, verificationId, code))).AssertOkAsync(HttpStatusCode.Created);

        // A double submission that arrives after the first one spent the code.
        var late = await Api.ProvenBodyAsync(phone, verificationId, code);
        var response = await Api.PostRegistrationAsync(late);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "verification_failed");
        Assert.Equal(first.GetProperty("personId").GetString(), (await AccountLookup.FindAsync(phone, default))?.PersonId);
        Assert.Null(await Persons.FindByDocumentAsync(IdType.ResidentIdCard, (string)late["idNumber"]!, default));
    }

    [Fact]
    public async Task Register_PreProvisionedPerson_ActivatesTheSamePerson()
    {
        var idNumber = TestData.ResidentId();
        var provisioned = await (await Api.Operator.PutJsonAsync(
            $"/api/operator/persons/residentIdCard/{idNumber}", new { name = "格桑", phone = TestData.Phone(), existingHousehold = false, realNameLevel = 2 })).AssertOkAsync();
        var provisionedId = provisioned.GetProperty("personId").GetString();
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        var created = await (await Api.PostRegistrationAsync(await Api.ProvenBodyAsync(phone, verificationId, code, idNumber, "格桑"))).AssertOkAsync(HttpStatusCode.Created);

        Assert.Equal(provisionedId, created.GetProperty("personId").GetString());
        var person = (await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default))!;
        Assert.Equal(provisionedId, person.PersonId);
        Assert.Equal(PersonStatus.Active, person.PersonStatus);
        Assert.Equal("+86" + phone, person.DefaultPhone);
        Assert.Null(person.PhoneOnFile);
        Assert.Equal(2, person.RealNameLevel);
        Assert.Equal(provisionedId, (await AccountLookup.FindAsync(phone, default))?.PersonId);
    }

    [Fact]
    public async Task Register_ProvisionedLegalRepresentative_ActivatesAndHoldsTheIdentity()
    {
        var idNumber = TestData.ResidentId();
        var creditCode = TestData.CreditCode();
        var enterprise = await (await Api.Operator.PutJsonAsync(
            $"/api/operator/enterprises/{creditCode}", TestData.Enterprise(TestData.Person("扎西", idNumber)))).AssertOkAsync();
        var provisioned = (await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default))!;
        Assert.Equal(PersonStatus.Provisioned, provisioned.PersonStatus);
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        var created = await (await Api.PostRegistrationAsync(await Api.ProvenBodyAsync(phone, verificationId, code, idNumber, "扎西"))).AssertOkAsync(HttpStatusCode.Created);

        Assert.Equal(provisioned.PersonId, created.GetProperty("personId").GetString());
        Assert.Equal(PersonStatus.Active, (await Persons.FindAsync(provisioned.PersonId, default))!.PersonStatus);
        var held = Assert.Single(await Api.Services.GetRequiredService<IdentityStore>().ListForPersonAsync(provisioned.PersonId, default));
        Assert.Equal(enterprise.GetProperty("enterpriseId").GetString(), held.EnterpriseId);
        var session = await Api.EnterpriseLoginAsync(new TestPerson(provisioned.PersonId, "扎西", idNumber, phone, null, Accounts.Password), creditCode);
        Assert.Equal("legalRepresentative", session.Body.GetProperty("current").GetProperty("identityType").GetString());
    }

    [Fact]
    public async Task Register_ProvisionedIdWithAnotherName_IsConflictAndLeavesThePersonProvisioned()
    {
        var idNumber = TestData.ResidentId();
        await (await Api.Operator.PutJsonAsync(
            $"/api/operator/persons/residentIdCard/{idNumber}", new { name = "格桑", existingHousehold = false, realNameLevel = 1 })).AssertOkAsync();
        var phone = TestData.Phone();
        var (verificationId, code) = await Api.RegisterCodeAsync(phone);

        var response = await Api.PostRegistrationAsync(await Api.ProvenBodyAsync(phone, verificationId, code, idNumber, "次仁"));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        var person = (await Persons.FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default))!;
        Assert.Equal(PersonStatus.Provisioned, person.PersonStatus);
        Assert.Equal("格桑", person.Name);
        Assert.Null(await Api.ClaimAsync(PersonIndexEntity.ForPhone("+86" + phone)));
    }

    [Fact]
    public async Task Register_AfterConflictOnUsername_ReleasesThePhoneForACorrectedRetry()
    {
        var time = new FakeTimeProvider(SignUp.Start);
        await using var api = await ApiHost.StartOnClockAsync(time);
        var taken = await api.RegisterAsync(username: SignUp.NewUsername());
        var phone = TestData.Phone();
        var (verificationId, code) = await api.RegisterCodeAsync(phone);
        var body = await api.ProvenBodyAsync(phone, verificationId, code, username: taken.Username);
        await (await api.PostRegistrationAsync(body)).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Null(await api.ClaimAsync(PersonIndexEntity.ForPhone("+86" + phone)));

        time.Advance(TimeSpan.FromSeconds(61));
        var (resentId, resentCode) = await api.RegisterCodeAsync(phone);
        body["verification"] = new { verificationId = resentId, code = resentCode };
        body["username"] = SignUp.NewUsername();

        var created = await (await api.PostRegistrationAsync(body)).AssertOkAsync(HttpStatusCode.Created);

        var personId = created.GetProperty("personId").GetString();
        var accounts = api.Services.GetRequiredService<AccountDirectory>();
        Assert.Equal(personId, (await accounts.FindAsync(phone, default))?.PersonId);
        Assert.Equal(personId, (await accounts.FindAsync((string)body["username"]!, default))?.PersonId);
        Assert.Equal(taken.PersonId, (await accounts.FindAsync(taken.Username, default))?.PersonId);
    }
}
