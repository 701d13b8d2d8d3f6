namespace TaxIdentity.Core.Common.Storage;

/// <summary>Every table of the platform (before the configured prefix).</summary>
public static class TableNames
{
    public const string Persons = "Persons";
    public const string PersonIndex = "PersonIndex";
    public const string Enterprises = "Enterprises";
    public const string Identities = "Identities";
    public const string Agencies = "Agencies";
    public const string CrossRegionItems = "CrossRegionItems";
    public const string Counters = "Counters";
    public const string Captchas = "Captchas";
    public const string SmsCodes = "SmsCodes";
    public const string FaceVerifications = "FaceVerifications";
    public const string Sessions = "Sessions";
    public const string QrTickets = "QrTickets";
    public const string LoginLogs = "LoginLogs";
    public const string DevelopmentSms = "DevelopmentSms";
    public const string RegistrationCodes = "RegistrationCodes";
    public const string DevelopmentFaceResults = "DevelopmentFaceResults";
    public const string Delegations = "Delegations";
    public const string RevealAudits = "RevealAudits";
}
