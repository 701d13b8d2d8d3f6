using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.Delegation;

/// <summary>
/// D9, applications (自然人申请为本企业办税人): a signed-in person applies to an enterprise; its managers approve (choosing the
/// function set and validity end) or reject; the applicant withdraws while it waits; unanswered ones expire. The same
/// workflow shape and the same one-open-request rule as invitations.
/// </summary>
public sealed class ApplicationService(
    DelegationStore store, DelegationAnswers answers, EnterpriseDirectory enterprises, IdentityStore identities, IdentityDirectory directory,
    PersonDirectory persons, IOptions<DelegationOptions> options, TimeProvider time)
{
    public const int MaxReasonLength = 200;

    public async Task<Outcome<ApplicationCreated>> ApplyAsync(Caller caller, ApplicationRequest request, IDelegationWorkflows workflows, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var code = ProvisioningValidation.CreditCode(errors, "creditCode", request.CreditCode);
        var type = GrantValidation.AssignableType(errors, "identityType", request.IdentityType);
        var functions = GrantValidation.Functions(errors, "functions", request.Functions, type);
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : errors.Text("reason", request.Reason, MaxReasonLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var enterprise = await enterprises.FindByCreditCodeAsync(code!, cancellationToken);
        if (enterprise is null)
        {
            return Problem.NotFound("No enterprise has this credit code.");
        }

        if (await identities.FindForEnterpriseAsync(enterprise.EnterpriseId, type!.Value, caller.PersonId, cancellationToken) is not null)
        {
            return Problem.Conflict($"You already hold the {type.Value.ToText()} identity in this enterprise.");
        }

        var now = time.GetUtcNow();
        var requestId = Ids.New(time);
        var row = new DelegationRequestEntity
        {
            PartitionKey = DelegationKeys.Enterprise(enterprise.EnterpriseId),
            RowKey = DelegationKeys.Request(DelegationSource.Application, requestId),
            RequestId = requestId,
            Source = DelegationSource.Application.ToText(),
            EnterpriseId = enterprise.EnterpriseId,
            EnterpriseName = enterprise.Name,
            CreditCode = enterprise.CreditCode,
            PersonId = caller.PersonId,
            PersonName = caller.Person.Name,
            IdType = caller.Person.IdType,
            IdNumber = caller.Person.IdNumber,
            IdentityType = type.Value.ToText(),
            Functions = string.Join(',', functions!),
            Reason = reason,
            Status = DelegationStatus.Pending.ToText(),
            CreatedBy = caller.PersonId,
            CreatedAt = now,
            ExpiresAt = now + options.Value.Expiry,
        };
        if (!await store.OpenAsync(row, DelegationEventTypes.Of(row, time), cancellationToken))
        {
            return Problem.Conflict("You already have an open application or invitation with this enterprise.");
        }

        await answers.StartAsync(row, workflows, cancellationToken);
        return new ApplicationCreated(requestId, ApplicationStatus.Pending, row.ExpiresAt);
    }

    /// <summary>The caller's applications, every status, newest first.</summary>
    public async Task<ApplicationView[]> MineAsync(Caller caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await store.ListAsync(DelegationKeys.Person(caller.PersonId), DelegationSource.Application, type: null, pendingOnly: false, cancellationToken);
        return [.. rows.Select(row => DelegationViews.Application(row, now))];
    }

    public async Task<Outcome<Done>> WithdrawAsync(Caller caller, string applicationId, IDelegationWorkflows workflows, CancellationToken cancellationToken)
    {
        var mine = DelegationKeys.IsRequestId(applicationId)
            ? await store.FindAsync(DelegationKeys.Person(caller.PersonId), DelegationSource.Application, applicationId, cancellationToken)
            : null;
        var request = mine is null ? null : await store.FindAsync(DelegationKeys.Enterprise(mine.EnterpriseId), DelegationSource.Application, applicationId, cancellationToken);
        if (request is null || request.PersonId != caller.PersonId)
        {
            return Problem.NotFound("No such application of yours.");
        }

        return await answers.AnswerAsync(request, DelegationStatus.Withdrawn, new DelegationAnswer(caller.PersonId, time.GetUtcNow()), workflows, cancellationToken);
    }

    /// <summary>The applications waiting for the enterprise's review, filtered by identity type and fuzzy name.</summary>
    public Task<Outcome<ApplicationView[]>> PendingAsync(Caller caller, string? identityType, string? name, CancellationToken cancellationToken) =>
        PendingRequests.ListAsync<ApplicationView>(store, caller, DelegationSource.Application, identityType, name, time.GetUtcNow(), DelegationViews.Application, cancellationToken);

    /// <summary>
    /// Approves with the function set and validity end the manager chooses, within what the identity type allows and
    /// within the manager's own authority (D11); never the manager's own application, never a deregistered applicant's.
    /// </summary>
    public async Task<Outcome<Done>> ApproveAsync(Caller caller, string applicationId, ApprovalRequest approval, IDelegationWorkflows workflows, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, applicationId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem;
        }

        var (actor, application) = found.Value;
        var errors = new FieldErrors();
        var functions = GrantValidation.Functions(errors, "functions", approval.Functions, application.Type);
        var validUntil = GrantValidation.ValidUntil(errors, "validUntil", approval.ValidUntil, directory.Today);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (GrantAuthority.Check(actor, application.PersonId, application.Type, functions, validUntil) is { } refused)
        {
            return refused;
        }

        if ((await persons.FindAsync(application.PersonId, cancellationToken))?.PersonStatus != PersonStatus.Active)
        {
            return Problem.Conflict("The applicant's account has been deregistered; the application can't be approved.");
        }

        var answer = new DelegationAnswer(caller.PersonId, time.GetUtcNow(), functions, DelegationRequestEntity.Date(validUntil));
        return await answers.AnswerAsync(application, DelegationStatus.Approved, answer, workflows, cancellationToken);
    }

    public async Task<Outcome<Done>> RejectAsync(Caller caller, string applicationId, RejectionRequest rejection, IDelegationWorkflows workflows, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, applicationId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem;
        }

        var (actor, application) = found.Value;
        if (GrantAuthority.MayTouch(actor, application.Type) is { } refused)
        {
            return refused;
        }

        var errors = new FieldErrors();
        var reason = string.IsNullOrWhiteSpace(rejection.Reason) ? null : errors.Text("reason", rejection.Reason, MaxReasonLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var answer = new DelegationAnswer(caller.PersonId, time.GetUtcNow(), Reason: reason);
        return await answers.AnswerAsync(application, DelegationStatus.Rejected, answer, workflows, cancellationToken);
    }

    private async Task<Outcome<(EnterpriseActor Actor, DelegationRequestEntity Application)>> FindAsync(Caller caller, string applicationId, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var row = DelegationKeys.IsRequestId(applicationId)
            ? await store.FindTruthAsync(actor.Value.EnterpriseId, DelegationSource.Application, applicationId, cancellationToken)
            : null;
        return row is null ? Problem.NotFound("No such application to this enterprise.") : (actor.Value, row);
    }
}
