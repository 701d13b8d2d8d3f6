using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Persons;

/// <summary>
/// A uniqueness claim: one row per ID document, phone or username, pointing at its person. Inserted with
/// AddEntity, so two concurrent claims of the same value can't both win.
/// </summary>
public sealed class PersonIndexEntity : TableRow
{
    public string PersonId { get; set; } = string.Empty;

    public static string ForDocument(IdType type, string idNumber) => TableKeys.Compose("id", type.ToText(), idNumber);

    public static bool IsDocumentKey(string key) => key.StartsWith(TableKeys.Compose("id", string.Empty), StringComparison.Ordinal);

    public static string ForPhone(string e164) => TableKeys.Compose("phone", e164);

    public static string ForUsername(string username) => TableKeys.Compose("username", username.ToUpperInvariant());
}
