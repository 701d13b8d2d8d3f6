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
}
