namespace TaxIdentity.Core.Persons;

public enum PersonStatus
{
    /// <summary>Created by the tax office (J1, J2); becomes active when the person registers (A1).</summary>
    Provisioned,
    Active,
    Deregistered,
}
