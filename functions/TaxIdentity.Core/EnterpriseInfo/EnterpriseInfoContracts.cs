using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Enterprises;

namespace TaxIdentity.Core.EnterpriseInfo;

/// <summary>One of the caller's identities in the enterprise; <see cref="Current"/> marks the one the session acts as.</summary>
public sealed record EnterpriseIdentityView(IdentityType IdentityType, bool Current);

/// <summary>GET /api/enterprise (C1): the enterprise of the current identity, masked.</summary>
public sealed record EnterpriseInfoView(
    string EnterpriseId,
    [property: Description("Masked.")] string CreditCode,
    [property: Description("Masked; the full name only through POST /api/enterprise/reveal.")] string Name,
    EnterpriseKind Kind,
    [property: Description("The legal representative's name, masked.")] string LegalRepresentative,
    bool RealNameVerified,
    [property: Description("What real-name verification of an enterprise requires (the page's question mark).")] string RealNameRequirements,
    string TaxAuthority,
    [property: Description("Every identity the caller can use in this enterprise, highest-ranked first.")] IReadOnlyList<EnterpriseIdentityView> Identities);

/// <summary>What a reveal (C2) shows in full.</summary>
public enum RevealField
{
    Name,
}

/// <summary>POST /api/enterprise/reveal.</summary>
public sealed record RevealRequest([property: Required] RevealField? Field);

public sealed record RevealedValue(string Value);

/// <summary>One reveal in the audit trail: who (masked), as which identity, when, which field.</summary>
public sealed record RevealRecordView(DateTimeOffset At, RevealField Field, string PersonName, IdentityType IdentityType);

/// <summary>A page of the reveal trail, newest first.</summary>
public sealed record RevealRecordPage(
    IReadOnlyList<RevealRecordView> Items,
    [property: Description("Send it back as the continuation query parameter, with the same filters, for the next page; absent on the last page.")] string? Continuation);
