namespace TaxIdentity.Core.Catalog;

public sealed record IdentityTypeInfo(IdentityType IdentityType, string Name, IReadOnlyList<string> DefaultFunctions, bool Assignable);

/// <summary>Answers the catalogue endpoints: identity types with their default functions, and the function list.</summary>
public static class CatalogService
{
    public static IReadOnlyList<IdentityTypeInfo> IdentityTypes { get; } =
    [
        Describe(IdentityType.LegalRepresentative, "法定代表人"),
        Describe(IdentityType.FinancialOfficer, "财务负责人"),
        Describe(IdentityType.Administrator, "管理员"),
        Describe(IdentityType.TaxClerk, "办税员"),
        Describe(IdentityType.InvoicePurchaser, "购票员"),
    ];

    public static IReadOnlyList<TaxFunction> Functions => TaxFunctions.All;

    private static IdentityTypeInfo Describe(IdentityType type, string name) =>
        new(type, name, TaxFunctions.DefaultsFor(type), Assignable: !type.IsProtected());
}
