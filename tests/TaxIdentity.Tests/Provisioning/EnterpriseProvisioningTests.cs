using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Provisioning;

public sealed class EnterpriseProvisioningTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task PutEnterprise_Valid_StoresEnterpriseAndGivesProtectedIdentitiesToProvisionedPersons()
    {
        var code = TestData.CreditCode();
        var legalRepresentativeId = TestData.ResidentId();
        var body = TestData.Enterprise(legalRepresentative: TestData.Person("扎西", legalRepresentativeId));

        var created = await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", body)).AssertOkAsync();

        var enterpriseId = created.GetProperty("enterpriseId").GetString()!;
        var view = await (await Api.Operator.GetAsync($"/api/operator/enterprises/{code}")).AssertOkAsync();
        Assert.Equal(enterpriseId, view.GetProperty("enterpriseId").GetString());
        Assert.Equal("测试商贸有限公司", view.GetProperty("name").GetString());
        Assert.Equal("ordinary", view.GetProperty("kind").GetString());
        Assert.Equal("crossRegionInspection", view.GetProperty("specificSubjectTypes")[0].GetString());

        var person = await Api.Services.GetRequiredService<PersonDirectory>().FindByDocumentAsync(IdType.ResidentIdCard, legalRepresentativeId, default);
        Assert.NotNull(person);
        Assert.Equal(PersonStatus.Provisioned, person.PersonStatus);
        Assert.Equal(person.PersonId, view.GetProperty("legalRepresentativeId").GetString());

        var identities = Api.Services.GetRequiredService<IdentityStore>();
        var enterpriseSide = await identities.ListForEnterpriseAsync(enterpriseId, type: null, default);
        Assert.Equal([IdentityType.LegalRepresentative, IdentityType.FinancialOfficer], enterpriseSide.Select(identity => identity.Type).Order());
        var personSide = Assert.Single(await identities.ListForPersonAsync(person.PersonId, default));
        Assert.Equal(IdentityType.LegalRepresentative, personSide.Type);
        Assert.Equal(enterpriseId, personSide.EnterpriseId);
    }

    [Theory]
    [InlineData("legalRepresentative")]
    [InlineData("financialOfficer")]
    public async Task PutEnterprise_ManagerWhoseAccountWasRegisteredWithoutRealNameProof_IsConflictAndNotBound(string role)
    {
        var selfAsserted = await Api.RegisterAsync();
        await ForgetRealNameProofAsync(selfAsserted.PersonId);
        var code = TestData.CreditCode();
        var named = new { name = selfAsserted.Name, idType = "residentIdCard", idNumber = selfAsserted.IdNumber };
        var body = role == "legalRepresentative" ? TestData.Enterprise(legalRepresentative: named) : TestData.Enterprise(financialOfficer: named);

        var problem = await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", body)).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");

        Assert.StartsWith(role, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Api.Services.GetRequiredService<IdentityStore>().ListForPersonAsync(selfAsserted.PersonId, default));
        await (await Api.Operator.GetAsync($"/api/operator/enterprises/{code}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PutEnterprise_ManagerRegisteredWithRealNameProof_IsBound()
    {
        var proven = await Api.RegisterAsync();

        var (_, enterpriseId) = await Api.EnterpriseOfAsync(proven);

        var held = Assert.Single(await Api.Services.GetRequiredService<IdentityStore>().ListForPersonAsync(proven.PersonId, default));
        Assert.Equal(enterpriseId, held.EnterpriseId);
    }

    /// <summary>Makes the account look like one registered before real-name proof was required: linked only by a self-asserted name and ID.</summary>
    private async Task ForgetRealNameProofAsync(string personId)
    {
        var table = await Api.Services.GetRequiredService<Core.Common.Storage.TableStore>().GetTableAsync(Core.Common.Storage.TableNames.Persons);
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(personId, PersonEntity.ProfileRow)).Value;
        row.Remove("IdentityProof");
        row.Remove("IdentityProvenAt");
        await table.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
    }

    [Fact]
    public async Task PutEnterprise_SameBodyTwice_LeavesOneEnterprise()
    {
        var code = TestData.CreditCode();
        var body = TestData.Enterprise();

        var first = await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", body)).AssertOkAsync();
        var second = await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", body)).AssertOkAsync();

        var enterpriseId = first.GetProperty("enterpriseId").GetString()!;
        Assert.Equal(enterpriseId, second.GetProperty("enterpriseId").GetString());
        var identities = await Api.Services.GetRequiredService<IdentityStore>().ListForEnterpriseAsync(enterpriseId, type: null, default);
        Assert.Equal(2, identities.Count);
    }

    [Fact]
    public async Task PutEnterprise_ConcurrentPutsOfANewEnterprise_LeaveOneEnterprise()
    {
        var code = TestData.CreditCode();
        var body = TestData.Enterprise();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", body)));

        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            ids.Add((await response.AssertOkAsync()).GetProperty("enterpriseId").GetString()!);
        }

        var enterpriseId = Assert.Single(ids);
        var identities = await Api.Services.GetRequiredService<IdentityStore>().ListForEnterpriseAsync(enterpriseId, type: null, default);
        Assert.Single(identities, identity => identity.Type == IdentityType.LegalRepresentative);
        Assert.Single(identities, identity => identity.Type == IdentityType.FinancialOfficer);
    }

    [Fact]
    public async Task PutEnterprise_NewLegalRepresentative_MovesTheIdentity()
    {
        var code = TestData.CreditCode();
        var formerId = TestData.ResidentId();
        var successorId = TestData.ResidentId();
        var created = await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", TestData.Enterprise(TestData.Person("扎西", formerId)))).AssertOkAsync();

        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", TestData.Enterprise(TestData.Person("次仁", successorId)))).AssertOkAsync();

        var enterpriseId = created.GetProperty("enterpriseId").GetString()!;
        var persons = Api.Services.GetRequiredService<PersonDirectory>();
        var identities = Api.Services.GetRequiredService<IdentityStore>();
        var former = (await persons.FindByDocumentAsync(IdType.ResidentIdCard, formerId, default))!;
        var successor = (await persons.FindByDocumentAsync(IdType.ResidentIdCard, successorId, default))!;
        var holder = Assert.Single(await identities.ListForEnterpriseAsync(enterpriseId, IdentityType.LegalRepresentative, default));
        Assert.Equal(successor.PersonId, holder.PersonId);
        Assert.Empty(await identities.ListForPersonAsync(former.PersonId, default));
        Assert.Single(await identities.ListForPersonAsync(successor.PersonId, default));
    }

    [Fact]
    public async Task PutEnterprise_OnePersonAsLegalRepresentativeAndFinancialOfficer_HoldsBothIdentities()
    {
        var code = TestData.CreditCode();
        var idNumber = TestData.ResidentId();
        var person = TestData.Person("扎西", idNumber);

        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", TestData.Enterprise(person, person))).AssertOkAsync();

        var stored = (await Api.Services.GetRequiredService<PersonDirectory>().FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default))!;
        var held = await Api.Services.GetRequiredService<IdentityStore>().ListForPersonAsync(stored.PersonId, default);
        Assert.Equal([IdentityType.LegalRepresentative, IdentityType.FinancialOfficer], held.Select(identity => identity.Type).Order());
    }

    [Theory]
    [InlineData("91540100MA6T0001X2")] // wrong GB 32100 check character
    [InlineData("91540100MA6T0001XI")] // I is not in the alphabet
    [InlineData("9154010")] // wrong length
    [InlineData("A2345678901234Z")] // 15 characters must start with a 6-digit area code
    public async Task PutEnterprise_InvalidCreditCode_IsRejected(string code)
    {
        var response = await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", TestData.Enterprise());

        await response.AssertFieldErrorAsync("creditCode");
    }

    [Theory]
    [InlineData("540102300MA6T0001")] // 15 characters: area code + organization code
    [InlineData("54010219800101101X01")] // 20 characters: an individual's ID number + 2
    public async Task PutEnterprise_TaxpayerIdOf15Or20Characters_IsAccepted(string code)
    {
        var unique = code.Length == 15 ? code[..9] + TestData.CreditCode()[8..14] : TestData.ResidentId() + "01";

        var created = await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{unique}", TestData.Enterprise())).AssertOkAsync();

        var stored = await (await Api.Operator.GetAsync($"/api/operator/enterprises/{unique}")).AssertOkAsync();
        Assert.Equal(created.GetProperty("enterpriseId").GetString(), stored.GetProperty("enterpriseId").GetString());
        Assert.Equal(unique, stored.GetProperty("creditCode").GetString());
        Assert.Equal("测试商贸有限公司", stored.GetProperty("name").GetString());
    }

    [Fact]
    public async Task PutEnterprise_ResidentIdWithWrongCheckDigit_IsRejected()
    {
        var valid = TestData.ResidentId();
        var wrong = valid[..17] + (valid[17] == '0' ? '1' : '0');

        var response = await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{TestData.CreditCode()}", TestData.Enterprise(TestData.Person("扎西", wrong)));

        await response.AssertFieldErrorAsync("legalRepresentative.idNumber");
    }

    [Fact]
    public async Task PutEnterprise_ResidentIdWithImpossibleBirthDate_IsRejected()
    {
        var impossible = IdDocument.WithCheckCharacter("54010219800231101");

        var response = await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{TestData.CreditCode()}", TestData.Enterprise(financialOfficer: TestData.Person("卓玛", impossible)));

        await response.AssertFieldErrorAsync("financialOfficer.idNumber");
    }

    [Theory]
    [InlineData("name")]
    [InlineData("kind")]
    [InlineData("taxAuthority")]
    [InlineData("realNameVerified")]
    [InlineData("legalRepresentative")]
    [InlineData("financialOfficer")]
    public async Task PutEnterprise_MissingRequiredField_NamesTheField(string field)
    {
        var body = TestData.Enterprise();
        body.Remove(field);

        var response = await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{TestData.CreditCode()}", body);

        await response.AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task PutEnterprise_EmptyBody_ReportsEveryMissingFieldAndStoresNothing()
    {
        var code = TestData.CreditCode();

        var problem = await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{code}", new { })).AssertFieldErrorAsync("name");

        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "kind", "taxAuthority", "realNameVerified", "legalRepresentative", "financialOfficer" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        await (await Api.Operator.GetAsync($"/api/operator/enterprises/{code}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("name")]
    [InlineData("idType")]
    [InlineData("idNumber")]
    public async Task PutEnterprise_PersonMissingField_NamesTheNestedField(string field)
    {
        var person = new Dictionary<string, object?> { ["name"] = "扎西", ["idType"] = "residentIdCard", ["idNumber"] = TestData.ResidentId() };
        person.Remove(field);

        var response = await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{TestData.CreditCode()}", TestData.Enterprise(person));

        await response.AssertFieldErrorAsync("legalRepresentative." + field);
    }

    [Fact]
    public async Task PutEnterprise_InvalidPhone_IsRejected()
    {
        var response = await Api.Operator.PutJsonAsync(
            $"/api/operator/enterprises/{TestData.CreditCode()}", TestData.Enterprise(TestData.Person("扎西", phone: "12345")));

        await response.AssertFieldErrorAsync("legalRepresentative.phone");
    }

    [Fact]
    public async Task PutEnterprise_ProvisionedPersonRenamedByTaxOffice_TakesTheNewName()
    {
        var idNumber = TestData.ResidentId();
        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{TestData.CreditCode()}", TestData.Enterprise(TestData.Person("扎西", idNumber)))).AssertOkAsync();

        await (await Api.Operator.PutJsonAsync($"/api/operator/enterprises/{TestData.CreditCode()}", TestData.Enterprise(TestData.Person("扎西多吉", idNumber)))).AssertOkAsync();

        var person = await Api.Services.GetRequiredService<PersonDirectory>().FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default);
        Assert.Equal("扎西多吉", person!.Name);
    }

    [Fact]
    public async Task GetEnterprise_UnknownCode_IsNotFound()
    {
        var response = await Api.Operator.GetAsync($"/api/operator/enterprises/{TestData.CreditCode()}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
