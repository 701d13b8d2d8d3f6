using System.Text.RegularExpressions;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Provisioning;

public sealed record EnterpriseSync(
    string CreditCode,
    string Name,
    EnterpriseKind Kind,
    string TaxAuthority,
    bool RealNameVerified,
    PersonDetails LegalRepresentative,
    PersonDetails FinancialOfficer,
    IReadOnlyList<SpecificSubjectType> SpecificSubjectTypes);

/// <summary>Turns provisioning requests into checked commands, reporting every bad field at once.</summary>
public static partial class ProvisioningValidation
{
    public const int NameLength = 100;
    public const int PersonNameLength = 50;
    public const int MaxRealNameLevel = 4;

    /// <summary>Keys chosen by the tax office (agreement numbers, item IDs).</summary>
    public const string KeyFormat = "^[A-Za-z0-9_-]{1,64}$";

    public static Outcome<EnterpriseSync> Validate(string creditCode, EnterpriseSyncRequest request)
    {
        var errors = new FieldErrors();
        var code = CreditCode(errors, "creditCode", creditCode);
        var name = errors.Text("name", request.Name, NameLength);
        errors.Required("kind", request.Kind);
        var taxAuthority = errors.Text("taxAuthority", request.TaxAuthority, NameLength);
        errors.Required("realNameVerified", request.RealNameVerified);
        var legalRepresentative = Person(errors, "legalRepresentative", request.LegalRepresentative);
        var financialOfficer = Person(errors, "financialOfficer", request.FinancialOfficer);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return new EnterpriseSync(
            code!, name!, request.Kind!.Value, taxAuthority!, request.RealNameVerified!.Value,
            legalRepresentative!, financialOfficer!, [.. (request.SpecificSubjectTypes ?? []).Distinct()]);
    }

    public static Outcome<PersonDetails> Validate(string idType, string idNumber, PersonProvisionRequest request)
    {
        var errors = new FieldErrors();
        var (type, number) = RouteDocument(errors, idType, idNumber);
        var name = errors.PersonName("name", request.Name, PersonNameLength);
        var phone = OptionalPhone(errors, "phone", request.Phone);
        errors.Required("existingHousehold", request.ExistingHousehold);
        if (errors.Required("realNameLevel", request.RealNameLevel) && request.RealNameLevel is < 0 or > MaxRealNameLevel)
        {
            errors.Add("realNameLevel", $"must be between 0 and {MaxRealNameLevel}.");
        }

        return errors.Any ? errors.ToProblem() : new PersonDetails(name!, type!.Value, number!, phone);
    }

    /// <summary>An identity document named in a route (/persons/{idType}/{idNumber}); either may come back null.</summary>
    public static (IdType? Type, string? IdNumber) RouteDocument(FieldErrors errors, string idType, string idNumber)
    {
        if (!Common.Json.EnumText.TryParse(idType, out IdType type))
        {
            errors.Add("idType", $"must be one of {Common.Json.EnumText.Allowed<IdType>()}.");
            return (null, null);
        }

        return (type, Document(errors, "idNumber", type, idNumber));
    }

    public static string? CreditCode(FieldErrors errors, string field, string? value)
    {
        if (!errors.Required(field, value))
        {
            return null;
        }

        var code = TaxpayerId.Normalize(value, out var error);
        if (error is not null)
        {
            errors.Add(field, error);
        }

        return code;
    }

    public static PersonDetails? Person(FieldErrors errors, string field, PersonRequest? person)
    {
        if (!errors.Required(field, person))
        {
            return null;
        }

        var name = errors.PersonName($"{field}.name", person.Name, PersonNameLength);
        string? number = null;
        if (errors.Required($"{field}.idType", person.IdType))
        {
            number = Document(errors, $"{field}.idNumber", person.IdType.Value, person.IdNumber);
        }

        var phone = OptionalPhone(errors, $"{field}.phone", person.Phone);
        return name is null || number is null || person.IdType is null ? null : new PersonDetails(name, person.IdType.Value, number, phone);
    }

    /// <summary>A person's name and identity document as a request names them at the top level; either may come back null.</summary>
    public static (string? Name, string? IdNumber) NameAndDocument(FieldErrors errors, string? name, IdType? idType, string? idNumber)
    {
        var checkedName = errors.PersonName("name", name, PersonNameLength);
        var number = errors.Required("idType", idType) ? Document(errors, "idNumber", idType.Value, idNumber) : null;
        return (checkedName, number);
    }

    public static string? Document(FieldErrors errors, string field, IdType type, string? value)
    {
        if (!errors.Required(field, value))
        {
            return null;
        }

        var number = IdDocument.Normalize(type, value, out var error);
        if (error is not null)
        {
            errors.Add(field, error);
        }

        return number;
    }

    public static string? OptionalPhone(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var phone = PhoneNumber.Normalize(value, out var error);
        if (error is not null)
        {
            errors.Add(field, error);
        }

        return phone;
    }

    /// <summary>Keys chosen by the tax office (agreement numbers, item IDs): letters, digits, '-' and '_'.</summary>
    public static string? Key(FieldErrors errors, string field, string? value)
    {
        if (!errors.Required(field, value))
        {
            return null;
        }

        if (!KeyPattern().IsMatch(value))
        {
            errors.Add(field, "must be 1 to 64 letters, digits, '-' or '_'.");
            return null;
        }

        return value;
    }

    [GeneratedRegex(KeyFormat)]
    private static partial Regex KeyPattern();
}
