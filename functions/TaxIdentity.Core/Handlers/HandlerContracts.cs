using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Delegation;

namespace TaxIdentity.Core.Handlers;

/// <summary>An assist code's (助信码) switch and the functions it may be used for (D6).</summary>
public sealed record AssistCodeView(bool Enabled, IReadOnlyList<string> Functions);

/// <summary>An existing handler as the API shows it (D4): one identity of one person in the enterprise, masked.</summary>
public sealed record HandlerView(
    string HandlerId, string PersonName, string IdNumber, IdentityType IdentityType, IReadOnlyList<string> Functions, DateOnly? ValidUntil, AssistCodeView AssistCode);

/// <summary>PATCH /api/enterprise/handlers/{handlerId}: a new function set and/or validity end; the identity type can't change.</summary>
public sealed record HandlerPatch(
    [property: MinLength(1), Description("The new function set; left out: unchanged.")] IReadOnlyList<string>? Functions,
    [property: Description("The new last day; left out: unchanged.")] DateOnly? ValidUntil,
    [property: Description("Can't change: sending it is refused (re-add the handler instead).")] IdentityType? IdentityType);

/// <summary>PUT /api/enterprise/handlers/{handlerId}/assist-code.</summary>
public sealed record AssistCodeRequest(
    [property: Required] bool? Enabled,
    [property: Required, Description("Functions from the handler's own set.")] IReadOnlyList<string>? Functions);

/// <summary>A history record as the API shows it (D7).</summary>
public sealed record HistoryRecordView(
    string RecordId, HistoryKind Kind, HistorySource Source, string PersonName, IdentityType IdentityType, DateTimeOffset At,
    [property: Description("Why: the enterprise's reason for rejecting an application, when it gave one.")] string? Reason = null);

/// <summary>DELETE /api/enterprise/history: how many records the clearing deleted.</summary>
public sealed record HistoryCleared(int Cleared);

/// <summary>The filters a clearing of the history named.</summary>
public sealed record HistoryFilters(HistoryKind? Kind, IdentityType? IdentityType, string? Name, bool All);

/// <summary>GET /api/enterprise/history/clearings (D11): one clearing of the history, kept for ever.</summary>
public sealed record HistoryClearingView(string ClearedBy, IdentityType IdentityType, DateTimeOffset At, HistoryFilters Filters, int Count);

/// <summary>
/// A handler's ID names the identity: "{identityType}-{personId}", the enterprise's row of it. A person holding two
/// identities in one enterprise is two handlers; re-adding a deleted handler gives the same ID back.
/// </summary>
public static class HandlerIds
{
    public static string Of(IdentityType type, string personId) => type.ToText() + "-" + personId;

    public static bool TryParse(string? handlerId, out IdentityType type, out string personId)
    {
        type = default;
        personId = string.Empty;
        var dash = handlerId?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0 || !EnumText.TryParse(handlerId![..dash], out type) || handlerId[..dash] != type.ToText())
        {
            return false;
        }

        personId = handlerId[(dash + 1)..];
        return DelegationKeys.IsRequestId(personId);
    }
}
