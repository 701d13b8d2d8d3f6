using System.Globalization;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Throttling;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// D1-D3 on the enterprise's side: preview with the risk notice, invitation (only for a registered person whose name
/// matches the ID, one open request per person, not for an identity they hold, within the inviter's own authority, D11),
/// the pending list, withdrawal. The preview checks only what the manager typed (it is throttled and answers every
/// name and ID alike, so it can't be used to test whether a name belongs to an ID); the person is looked up on creation.
/// </summary>
public sealed class InvitationService(
    DelegationStore store, DelegationAnswers answers, PersonDirectory persons, EnterpriseDirectory enterprises, IdentityStore identities,
    IdentityDirectory directory, FixedWindowCounter counter, IOptions<DelegationOptions> options, TimeProvider time)
{
    private const string NoSuchPerson = "must belong to a registered person with this name.";

    public async Task<Outcome<InvitationPreview>> PreviewAsync(Caller caller, InvitationRequest request, CancellationToken cancellationToken)
    {
        var typed = Check(caller, request, requireAcknowledgement: false);
        if (!typed.Succeeded)
        {
            return typed.Problem;
        }

        var invitation = typed.Value;
        foreach (var (key, limit) in new[]
        {
            ("preview|manager|" + invitation.Actor.PersonId, options.Value.PreviewsPerMinutePerManager),
            ("preview|enterprise|" + invitation.Actor.EnterpriseId, options.Value.PreviewsPerMinutePerEnterprise),
        })
        {
            var taken = await counter.TryTakeAsync(key, limit, TimeSpan.FromMinutes(1), cancellationToken);
            if (!taken.Allowed)
            {
                return Problem.RateLimited(taken.RetryAfterSeconds);
            }
        }

        return new InvitationPreview(
            new InvitationSummary(
                Mask.PersonName(invitation.Name), request.IdType!.Value, Mask.IdNumber(invitation.IdNumber), invitation.Type,
                invitation.Functions, invitation.ValidUntil, time.GetUtcNow() + options.Value.Expiry),
            new RiskNotice(RiskMessage));
    }

    public async Task<Outcome<InvitationCreated>> CreateAsync(Caller caller, InvitationRequest request, IDelegationWorkflows workflows, CancellationToken cancellationToken)
    {
        var typed = Check(caller, request, requireAcknowledgement: true);
        if (!typed.Succeeded)
        {
            return typed.Problem;
        }

        var invitation = typed.Value;

        // The same answer for an unknown ID, a person not registered (yet) and a wrong name.
        var person = await persons.FindByDocumentAsync(request.IdType!.Value, invitation.IdNumber, cancellationToken);
        if (person is null || person.PersonStatus != PersonStatus.Active || !string.Equals(person.Name, invitation.Name, StringComparison.Ordinal))
        {
            return Problem.Validation(new Dictionary<string, string[]> { ["idNumber"] = [NoSuchPerson], ["name"] = [NoSuchPerson] });
        }

        if (GrantAuthority.NotSelf(invitation.Actor, person.PersonId) is { } self)
        {
            return self;
        }

        if (await identities.FindForEnterpriseAsync(invitation.Actor.EnterpriseId, invitation.Type, person.PersonId, cancellationToken) is not null)
        {
            return Problem.Conflict($"This person already holds the {invitation.Type.ToText()} identity in the enterprise.");
        }

        var enterprise = await enterprises.FindAsync(invitation.Actor.EnterpriseId, cancellationToken);
        if (enterprise is null)
        {
            return Problem.Forbidden("The enterprise of the current identity no longer exists.");
        }

        var now = time.GetUtcNow();
        var requestId = Ids.New(time);
        var row = new DelegationRequestEntity
        {
            PartitionKey = DelegationKeys.Enterprise(enterprise.EnterpriseId),
            RowKey = DelegationKeys.Request(DelegationSource.Invitation, requestId),
            RequestId = requestId,
            Source = DelegationSource.Invitation.ToText(),
            EnterpriseId = enterprise.EnterpriseId,
            EnterpriseName = enterprise.Name,
            CreditCode = enterprise.CreditCode,
            PersonId = person.PersonId,
            PersonName = person.Name,
            IdType = person.IdType,
            IdNumber = person.IdNumber,
            IdentityType = invitation.Type.ToText(),
            Functions = string.Join(',', invitation.Functions),
            ValidUntil = invitation.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Status = DelegationStatus.Pending.ToText(),
            CreatedBy = caller.PersonId,
            CreatedAt = now,
            ExpiresAt = now + options.Value.Expiry,
        };
        if (!await store.OpenAsync(row, DelegationEventTypes.Of(row, time), cancellationToken))
        {
            return Problem.Conflict("This person already has an open invitation or application with the enterprise.");
        }

        await answers.StartAsync(row, workflows, cancellationToken);
        return new InvitationCreated(requestId, InvitationStatus.Pending, row.ExpiresAt);
    }

    /// <summary>D2: the invitations still waiting, filtered by identity type and fuzzy name.</summary>
    public Task<Outcome<InvitationView[]>> PendingAsync(Caller caller, string? identityType, string? name, CancellationToken cancellationToken) =>
        PendingRequests.ListAsync<InvitationView>(store, caller, DelegationSource.Invitation, identityType, name, time.GetUtcNow(), (row, now) => DelegationViews.Invitation(row, now), cancellationToken);

    public async Task<Outcome<InvitationView>> GetAsync(Caller caller, string invitationId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, invitationId, cancellationToken);
        return found.Succeeded ? DelegationViews.Invitation(found.Value, time.GetUtcNow()) : found.Problem;
    }

    /// <summary>D2: the enterprise withdraws a pending invitation (history: withdrawn).</summary>
    public async Task<Outcome<Done>> WithdrawAsync(Caller caller, string invitationId, IDelegationWorkflows workflows, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, invitationId, cancellationToken);
        return found.Succeeded
            ? await answers.AnswerAsync(found.Value, DelegationStatus.Withdrawn, new DelegationAnswer(caller.PersonId, time.GetUtcNow()), workflows, cancellationToken)
            : found.Problem;
    }

    private async Task<Outcome<DelegationRequestEntity>> FindAsync(Caller caller, string invitationId, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var row = DelegationKeys.IsRequestId(invitationId)
            ? await store.FindAsync(DelegationKeys.Enterprise(actor.Value.EnterpriseId), DelegationSource.Invitation, invitationId, cancellationToken)
            : null;
        return row is null ? Problem.NotFound("No such invitation in this enterprise.") : row;
    }

    /// <summary>What the manager typed, checked without looking anyone up: the fields, and the inviter's own authority (D11).</summary>
    private Outcome<CheckedInvitation> Check(Caller caller, InvitationRequest request, bool requireAcknowledgement)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var errors = new FieldErrors();
        var (name, number) = ProvisioningValidation.NameAndDocument(errors, request.Name, request.IdType, request.IdNumber);
        var type = GrantValidation.AssignableType(errors, "identityType", request.IdentityType);
        var functions = GrantValidation.Functions(errors, "functions", request.Functions, type);
        var validUntil = GrantValidation.ValidUntil(errors, "validUntil", request.ValidUntil, directory.Today);
        if (requireAcknowledgement && request.RiskAcknowledged != true)
        {
            errors.Add("riskAcknowledged", "must be true: acknowledge the risk notice of the preview first.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var inviter = actor.Value;
        var self = caller.Person.IdType == request.IdType!.Value.ToText() && caller.Person.IdNumber == number;
        var refused = (self ? GrantAuthority.NotSelf(inviter, caller.PersonId) : null) ?? GrantAuthority.Within(inviter, type!.Value, functions, validUntil);
        if (refused is not null)
        {
            return refused;
        }

        return new CheckedInvitation(inviter, name!, number!, type!.Value, functions!, validUntil!.Value);
    }

    private const string RiskMessage =
        "添加办税人员后，该人员可以以本企业名义办理涉税业务，由此产生的法律责任由企业承担。请确认所填人员信息无误并已知晓上述风险后提交。";

    private sealed record CheckedInvitation(EnterpriseActor Actor, string Name, string IdNumber, IdentityType Type, IReadOnlyList<string> Functions, DateOnly ValidUntil);
}
