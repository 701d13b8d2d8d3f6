namespace TaxIdentity.Core.Catalog;

/// <summary>The roles (身份类型) a natural person can hold in an enterprise.</summary>
public enum IdentityType
{
    LegalRepresentative,
    FinancialOfficer,
    Administrator,
    TaxClerk,
    InvoicePurchaser,
}

public static class IdentityTypes
{
    /// <summary>Managers: may manage handlers, see agencies and login logs.</summary>
    public static bool IsManager(this IdentityType type) =>
        type is IdentityType.LegalRepresentative or IdentityType.FinancialOfficer or IdentityType.Administrator;

    /// <summary>Only the tax office sets these (J1); enterprises can't invite, change or delete them.</summary>
    public static bool IsProtected(this IdentityType type) =>
        type is IdentityType.LegalRepresentative or IdentityType.FinancialOfficer;

    /// <summary>Higher first: the identity a login lands on when none is chosen.</summary>
    public static int Rank(this IdentityType type) => type switch
    {
        IdentityType.LegalRepresentative => 5,
        IdentityType.FinancialOfficer => 4,
        IdentityType.Administrator => 3,
        IdentityType.TaxClerk => 2,
        _ => 1,
    };
}
