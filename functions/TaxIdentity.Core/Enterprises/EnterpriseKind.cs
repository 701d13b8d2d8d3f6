namespace TaxIdentity.Core.Enterprises;

public enum EnterpriseKind
{
    Ordinary,
    NonResident,
}

/// <summary>Specific subjects an enterprise can log in as (A3).</summary>
public enum SpecificSubjectType
{
    CrossRegionInspection,
    CrossRegionTaxSource,
}
