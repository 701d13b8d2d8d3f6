using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Provisioning;

public sealed class PersonProvisioningTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiHost Api => fixture.Host;

    [Fact]
    public async Task PutPerson_ExistingHousehold_IsStoredAsProvisioned()
    {
        var idNumber = TestData.ResidentId();

        var result = await (await Api.Operator.PutJsonAsync(
            $"/api/operator/persons/residentIdCard/{idNumber}",
            new { name = "格桑", phone = "13800138004", existingHousehold = true, realNameLevel = 2 })).AssertOkAsync();

        Assert.Equal("provisioned", result.GetProperty("status").GetString());
        var person = await Api.Services.GetRequiredService<PersonDirectory>().FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default);
        Assert.NotNull(person);
        Assert.Equal(result.GetProperty("personId").GetString(), person.PersonId);
        Assert.True(person.ExistingHousehold);
        Assert.Equal(2, person.RealNameLevel);
        Assert.Equal("+8613800138004", person.PhoneOnFile);
    }

    [Fact]
    public async Task PutPerson_Twice_KeepsOnePersonWithTheLatestValues()
    {
        var idNumber = TestData.ResidentId();
        var route = $"/api/operator/persons/residentIdCard/{idNumber}";

        var first = await (await Api.Operator.PutJsonAsync(route, new { name = "格桑", existingHousehold = true, realNameLevel = 1 })).AssertOkAsync();
        var second = await (await Api.Operator.PutJsonAsync(route, new { name = "格桑", existingHousehold = false, realNameLevel = 3 })).AssertOkAsync();

        Assert.Equal(first.GetProperty("personId").GetString(), second.GetProperty("personId").GetString());
        var person = await Api.Services.GetRequiredService<PersonDirectory>().FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default);
        Assert.False(person!.ExistingHousehold);
        Assert.Equal(3, person.RealNameLevel);
    }

    [Fact]
    public async Task PutPerson_LowerCaseCheckCharacter_IsNormalized()
    {
        string idNumber;
        do
        {
            idNumber = TestData.ResidentId();
        }
        while (idNumber[17] != 'X');

        await (await Api.Operator.PutJsonAsync($"/api/operator/persons/residentIdCard/{idNumber.ToLowerInvariant()}", new { name = "格桑", existingHousehold = false, realNameLevel = 1 })).AssertOkAsync();

        Assert.NotNull(await Api.Services.GetRequiredService<PersonDirectory>().FindByDocumentAsync(IdType.ResidentIdCard, idNumber, default));
    }

    [Fact]
    public async Task PutPerson_Passport_IsAccepted()
    {
        var number = $"E{Random.Shared.Next(10_000_000, 99_999_999)}";

        var result = await (await Api.Operator.PutJsonAsync($"/api/operator/persons/passport/{number}", new { name = "John Smith", existingHousehold = false, realNameLevel = 1 })).AssertOkAsync();

        var person = await Api.Services.GetRequiredService<PersonDirectory>().FindByDocumentAsync(IdType.Passport, number, default);
        Assert.NotNull(person);
        Assert.Equal(result.GetProperty("personId").GetString(), person.PersonId);
        Assert.Equal(("John Smith", "passport", number), (person.Name, person.IdType, person.IdNumber));
        Assert.Null(await Api.Services.GetRequiredService<PersonDirectory>().FindByDocumentAsync(IdType.ResidentIdCard, number, default));
    }

    [Fact]
    public async Task PutPerson_UnknownIdType_IsRejected()
    {
        var response = await Api.Operator.PutJsonAsync($"/api/operator/persons/drivingLicence/{TestData.ResidentId()}", new { name = "格桑", existingHousehold = false, realNameLevel = 1 });

        await response.AssertFieldErrorAsync("idType");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public async Task PutPerson_RealNameLevelOutOfRange_IsRejected(int level)
    {
        var response = await Api.Operator.PutJsonAsync($"/api/operator/persons/residentIdCard/{TestData.ResidentId()}", new { name = "格桑", existingHousehold = false, realNameLevel = level });

        await response.AssertFieldErrorAsync("realNameLevel");
    }

    [Fact]
    public async Task PutPerson_MissingFields_NamesEach()
    {
        var problem = await (await Api.Operator.PutJsonAsync($"/api/operator/persons/residentIdCard/{TestData.ResidentId()}", new { })).AssertFieldErrorAsync("name");

        Assert.True(problem.GetProperty("errors").TryGetProperty("existingHousehold", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("realNameLevel", out _));
    }
}
