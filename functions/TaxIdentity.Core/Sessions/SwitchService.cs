using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.CrossRegion;
using TaxIdentity.Core.Login;

namespace TaxIdentity.Core.Sessions;

/// <summary>POST /api/auth/switch (H1-H3).</summary>
public sealed record SwitchRequest(
    [property: Required] IdentityKind? Kind,
    [property: Description("Required for the enterprise kind."), RequiredWhen(nameof(SwitchRequest.Kind), IdentityKind.Enterprise)] string? EnterpriseId,
    [property: Description("The identity to act as in the enterprise; the highest-ranked one held when omitted.")] IdentityType? IdentityType,
    [property: StringLength(64, MinimumLength = 1), Description("Required for the crossRegionInspection and crossRegionTaxSource kinds."),
        RequiredWhen(nameof(SwitchRequest.Kind), IdentityKind.CrossRegionInspection, IdentityKind.CrossRegionTaxSource)] string? ItemId);

/// <summary>
/// H1-H3: moves a session to another identity the person holds: another role in the same enterprise,
/// another enterprise, personal business, or a cross-region item of an enterprise they act for.
/// Anything the person doesn't hold answers 404, like other enterprises' resources. A switch made is written to the
/// login log (method "switch", under the person and, for an enterprise or cross-region identity, the enterprise).
/// </summary>
public sealed class SwitchService(IdentityDirectory identities, SessionService sessions, TableStore store, LoginLog log, CrossRegionItems items)
{
    public async Task<Outcome<SessionResponse>> SwitchAsync(Caller caller, SwitchRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!errors.Required("kind", request.Kind))
        {
            return errors.ToProblem();
        }

        var target = request.Kind.Value switch
        {
            IdentityKind.Personal => CurrentIdentity.Personal,
            IdentityKind.Enterprise => await EnterpriseIdentityAsync(caller, request, errors, cancellationToken),
            _ => await ItemIdentityAsync(caller, request, errors, cancellationToken),
        };
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (target is null)
        {
            return Problem.NotFound("You hold no such identity.");
        }

        var switched = await sessions.SwitchAsync(caller.Person, caller.Session, target, cancellationToken);
        if (switched.Succeeded)
        {
            await log.WriteAsync(
                new LoginAttempt(
                    target.Kind == IdentityKind.Personal ? LoginType.Personal : LoginType.Enterprise,
                    LoginMethod.Switch,
                    caller.PersonId,
                    caller.Person.Name,
                    target.EnterpriseId,
                    target.IdentityType,
                    LoginOutcome.Success,
                    null,
                    client,
                    target.ItemId),
                cancellationToken);
        }

        return switched;
    }

    private async Task<CurrentIdentity?> EnterpriseIdentityAsync(Caller caller, SwitchRequest request, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (!errors.Required("enterpriseId", request.EnterpriseId))
        {
            return null;
        }

        var chosen = await identities.ChooseHeldAsync(
            await identities.ListAsync(caller.PersonId, cancellationToken), caller.PersonId, request.EnterpriseId!, request.IdentityType, cancellationToken);
        return chosen is { } type ? new CurrentIdentity(IdentityKind.Enterprise, request.EnterpriseId, type) : null;
    }

    private async Task<CurrentIdentity?> ItemIdentityAsync(Caller caller, SwitchRequest request, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (!errors.Required("itemId", request.ItemId) || request.ItemId!.Length > 64)
        {
            return null;
        }

        var table = await store.GetTableAsync(TableNames.CrossRegionItems, cancellationToken);
        var locator = await table.FindAsync<CrossRegionItemLocator>(CrossRegionItemLocator.KeyFor(request.ItemId), string.Empty, cancellationToken);
        var kind = request.Kind == IdentityKind.CrossRegionInspection ? Provisioning.CrossRegionKind.Inspection : Provisioning.CrossRegionKind.TaxSource;
        if (locator is null || locator.Kind != kind.ToText() || await items.FindLiveAsync(locator.EnterpriseId, kind, request.ItemId, cancellationToken) is null)
        {
            return null;
        }

        var chosen = await identities.ChooseHeldAsync(
            await identities.ListAsync(caller.PersonId, cancellationToken), caller.PersonId, locator.EnterpriseId, wanted: null, cancellationToken);
        return chosen is null ? null : new CurrentIdentity(request.Kind!.Value, locator.EnterpriseId, chosen, request.ItemId);
    }
}
