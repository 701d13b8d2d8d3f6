namespace TaxIdentity.Core.Profile;

/// <summary>Events of the personal-information changes that matter (K3); their data carries IDs and codes, never numbers or names.</summary>
public static class ProfileEvents
{
    public const string PasswordChanged = Events.EventTypes.PasswordChanged;
    public const string PhoneAdded = "person.phoneAdded";
    public const string PhoneChanged = "person.phoneChanged";
    public const string PhoneRemoved = "person.phoneRemoved";
    public const string DefaultPhoneChanged = "person.defaultPhoneChanged";
    public const string UsernameChanged = "person.usernameChanged";
    public const string NameChanged = "person.nameChanged";
    public const string Deregistered = "person.deregistered";
}
