using System.Globalization;
using System.Text.Json;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Events;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.Handlers;

/// <summary>
/// D4-D6: the enterprise's existing handlers. Every manager holding handlerManagement lists them; only the legal
/// representative and the financial officer change a function set or validity end; nobody changes the identity type
/// or touches the legal representative's and financial officer's identities; an administrator is deleted only by the
/// legal representative or the financial officer. Changes are ETag-guarded writes with their handlerUpdated or
/// handlerDeleted event, and take effect on the handler's next request.
/// </summary>
public sealed class HandlerService(IdentityStore identities, PersonDirectory persons, HandlerRemoval removal, IdentityDirectory directory, TimeProvider time)
{
    public async Task<Outcome<HandlerView[]>> ListAsync(Caller caller, string? identityType, string? name, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var filter = ListFilter.Parse(identityType, name);
        if (!filter.Succeeded)
        {
            return filter.Problem;
        }

        var held = await identities.ListForEnterpriseAsync(actor.Value.EnterpriseId, filter.Value.IdentityType, cancellationToken);
        var people = await Task.WhenAll(held.Select(identity => identity.PersonId).Distinct(StringComparer.Ordinal)
            .Select(personId => persons.FindAsync(personId, cancellationToken)));
        var byId = people.OfType<PersonEntity>().ToDictionary(person => person.PersonId, StringComparer.Ordinal);
        return held
            .Where(identity => byId.TryGetValue(identity.PersonId, out var person) && filter.Value.MatchesName(person.Name))
            .OrderByDescending(identity => identity.Type.Rank())
            .ThenBy(identity => identity.GrantedAt)
            .Select(identity => View(identity, byId[identity.PersonId]))
            .ToArray();
    }

    public async Task<Outcome<HandlerView>> GetAsync(Caller caller, string handlerId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, handlerId, cancellationToken);
        return found.Succeeded ? await ViewAsync(found.Value, cancellationToken) : found.Problem;
    }

    /// <summary>D4: a new function set and/or validity end, by the legal representative or the financial officer.</summary>
    public async Task<Outcome<HandlerView>> UpdateAsync(Caller caller, string handlerId, HandlerPatch patch, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        if (!actor.Value.IdentityType.IsProtected())
        {
            return Problem.Forbidden("Only the legal representative or the financial officer changes a handler's functions and validity.");
        }

        var found = await FindAsync(caller, handlerId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem;
        }

        var errors = new FieldErrors();
        if (patch.IdentityType is not null)
        {
            errors.Add("identityType", "can't change; delete the handler and add them again with the new identity type.");
        }

        if (patch.Functions is null && patch.ValidUntil is null)
        {
            errors.Add("functions", "or validUntil is required.");
        }

        var functions = patch.Functions is null ? null : GrantValidation.Functions(errors, "functions", patch.Functions, found.Value.Type);
        var validUntil = patch.ValidUntil is null ? null : GrantValidation.ValidUntil(errors, "validUntil", patch.ValidUntil, directory.Today);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (found.Value.Type.IsProtected())
        {
            return Problem.Conflict("The legal representative's and the financial officer's identities are set by the tax office only.");
        }

        if (GrantAuthority.Check(actor.Value, found.Value.PersonId, found.Value.Type, functions, validUntil) is { } refused)
        {
            return refused;
        }

        return await ChangeAsync(found.Value, identity =>
        {
            if (functions is not null)
            {
                identity.Functions = string.Join(',', functions);
                identity.AssistCodeFunctions = string.Join(',', identity.AssistCodeCodes.Where(functions.Contains));
            }

            if (validUntil is { } until)
            {
                identity.ValidUntil = until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
        }, caller.PersonId, cancellationToken);
    }

    /// <summary>D5: deletes the identity; its holder's sessions acting as it end on their next request.</summary>
    public async Task<Outcome<Done>> DeleteAsync(Caller caller, string handlerId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, handlerId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem;
        }

        var target = found.Value;
        if (target.Type.IsProtected())
        {
            return Problem.Conflict("The legal representative and the financial officer can't be deleted; the tax office changes them.");
        }

        if (target.Type == IdentityType.Administrator && !caller.Identity!.Type.IsProtected())
        {
            return Problem.Forbidden("Only the legal representative or the financial officer deletes an administrator.");
        }

        await removal.RemoveAsync(target, caller.PersonId, cancellationToken);
        return Done.Value;
    }

    /// <summary>D6: the assist code's switch and functions, within the handler's own function set.</summary>
    public async Task<Outcome<HandlerView>> SetAssistCodeAsync(Caller caller, string handlerId, AssistCodeRequest request, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, handlerId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem;
        }

        var target = found.Value;
        var actor = EnterpriseAccess.Manager(caller).Value;
        var errors = new FieldErrors();
        errors.Required("enabled", request.Enabled);
        if (errors.Required("functions", request.Functions))
        {
            var outside = request.Functions.FirstOrDefault(code => !TaxFunctions.IsGrantableTo(code, target.Type) || !target.FunctionCodes.Contains(code));
            if (outside is not null)
            {
                errors.Add("functions", $"'{outside}' is not in the handler's function set.");
            }
            else if (request.Functions.Distinct(StringComparer.Ordinal).Count() != request.Functions.Count)
            {
                errors.Add("functions", "names a function twice.");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var refused = GrantAuthority.NotSelf(actor, target.PersonId) ?? GrantAuthority.MayTouch(actor, target.Type) ?? GrantAuthority.WithinFunctions(actor, request.Functions);
        if (refused is not null)
        {
            return refused;
        }

        return await ChangeAsync(target, identity =>
        {
            identity.AssistCodeEnabled = request.Enabled!.Value;
            identity.AssistCodeFunctions = string.Join(',', request.Functions!.Where(identity.FunctionCodes.Contains));
        }, caller.PersonId, cancellationToken);
    }

    private async Task<Outcome<IdentityEntity>> FindAsync(Caller caller, string handlerId, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var identity = HandlerIds.TryParse(handlerId, out var type, out var personId)
            ? await identities.FindForEnterpriseAsync(actor.Value.EnterpriseId, type, personId, cancellationToken)
            : null;
        return identity is null ? Problem.NotFound("No such handler in this enterprise.") : identity;
    }

    /// <summary>Applies the change under the identity's ETag with a handlerUpdated event, re-reading when someone else changed it first.</summary>
    private async Task<Outcome<HandlerView>> ChangeAsync(IdentityEntity identity, Action<IdentityEntity> change, string by, CancellationToken cancellationToken)
    {
        IdentityEntity? current = identity;
        var changed = await TableClientExtensions.RetryOnRaceAsync<Outcome<IdentityEntity>>(async () =>
        {
            current ??= await identities.FindForEnterpriseAsync(identity.EnterpriseId, identity.Type, identity.PersonId, cancellationToken);
            if (current is null)
            {
                return Problem.NotFound("The handler was deleted meanwhile.");
            }

            change(current);
            current.Version++;
            if (await identities.UpdateAsync(current, UpdatedEvent(current, by), cancellationToken))
            {
                return current;
            }

            current = null;
            return null;
        });
        return changed.Succeeded ? await ViewAsync(changed.Value, cancellationToken) : changed.Problem;
    }

    private async Task<HandlerView> ViewAsync(IdentityEntity identity, CancellationToken cancellationToken)
    {
        var person = await persons.FindAsync(identity.PersonId, cancellationToken);
        return View(identity, person);
    }

    private static HandlerView View(IdentityEntity identity, PersonEntity? person) => new(
        HandlerIds.Of(identity.Type, identity.PersonId),
        Mask.PersonName(person?.Name ?? string.Empty),
        Mask.IdNumber(person?.IdNumber ?? string.Empty),
        identity.Type,
        identity.FunctionCodes,
        identity.ValidUntil is null ? null : DateOnly.ParseExact(identity.ValidUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        new AssistCodeView(identity.AssistCodeEnabled, identity.AssistCodeCodes));

    private DomainEvent UpdatedEvent(IdentityEntity identity, string by) => new(
        Ids.New(time),
        DelegationEventTypes.HandlerUpdated,
        HandlerIds.Of(identity.Type, identity.PersonId),
        time.GetUtcNow(),
        JsonSerializer.Serialize(
            new
            {
                enterpriseId = identity.EnterpriseId,
                personId = identity.PersonId,
                identityType = identity.IdentityType,
                functions = identity.FunctionCodes,
                validUntil = identity.ValidUntil,
                assistCode = new { enabled = identity.AssistCodeEnabled, functions = identity.AssistCodeCodes },
                by,
            },
            JsonDefaults.Options));
}
