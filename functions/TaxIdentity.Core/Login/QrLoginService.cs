using Azure.Data.Tables;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.Login;

public enum QrTicketStatus
{
    Pending,
    Approved,
    Expired,
    Consumed,
}

public enum TaxApp
{
    TaxApp,
    IitApp,
}

public sealed record QrTicketIssued(string TicketId, string QrPayload, DateTimeOffset ExpiresAt);

public sealed record QrTicketState(QrTicketStatus Status, SessionResponse? Session = null);

/// <summary>POST /api/app/qr/{ticketId}/approve: the app names the enterprise to enter, or none for personal business.</summary>
public sealed record QrApproveRequest(TaxApp? App, string? CreditCode, IdentityType? IdentityType);

public sealed class QrTicketEntity : TableRow
{
    public string Status { get; set; } = QrTicketStatus.Pending.ToText();
    public string? PersonId { get; set; }
    public string? CreditCode { get; set; }
    public string? IdentityType { get; set; }
    public string? App { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// A7: the page shows a short-lived ticket; the signed-in mobile app approves it; the page's next poll
/// receives the session, once (the approved → consumed move is ETag-guarded).
/// </summary>
public sealed class QrLoginService(TableStore store, LoginIdentityResolver resolver, SessionService sessions, PersonDirectory persons, LoginLog log, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    public async Task<QrTicketIssued> IssueAsync(CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.QrTickets, cancellationToken);
        var ticket = new QrTicketEntity { PartitionKey = Ids.New(time), ExpiresAt = time.GetUtcNow() + Lifetime };
        await table.AddEntityAsync(ticket, cancellationToken);
        return new QrTicketIssued(ticket.PartitionKey, "etax-login://qr?ticket=" + ticket.PartitionKey, ticket.ExpiresAt);
    }

    public async Task<Outcome<Done>> ApproveAsync(string ticketId, QrApproveRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("app", request.App);
        var target = request.CreditCode is null
            ? new LoginTarget(LoginMode.Personal, null, null, null)
            : LoginTarget.From(errors, LoginMode.Enterprise, request.CreditCode, null, request.IdentityType);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (identity, _, _) = await resolver.ResolveAsync(target!, caller.Person, cancellationToken);
        if (identity is null)
        {
            return Problem.Forbidden("You hold no usable identity in that enterprise.");
        }

        var table = await store.GetTableAsync(TableNames.QrTickets, cancellationToken);
        return await TableClientExtensions.RetryOnRaceAsync<Outcome<Done>>(async () =>
        {
            var ticket = await FindAsync(table, ticketId, cancellationToken);
            if (ticket is null)
            {
                return Problem.NotFound("No such ticket.");
            }

            if (State(ticket) != QrTicketStatus.Pending)
            {
                return Problem.Conflict("The ticket is no longer waiting for approval.");
            }

            ticket.Status = QrTicketStatus.Approved.ToText();
            ticket.PersonId = caller.PersonId;
            ticket.CreditCode = target!.CreditCode;
            ticket.IdentityType = identity.IdentityType?.ToText();
            ticket.App = request.App!.Value.ToText();
            return await table.TryReplaceAsync(ticket, cancellationToken) ? Done.Value : null;
        });
    }

    public async Task<Outcome<QrTicketState>> PollAsync(string ticketId, ClientInfo client, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.QrTickets, cancellationToken);
        var ticket = await FindAsync(table, ticketId, cancellationToken);
        if (ticket is null)
        {
            return Problem.NotFound("No such ticket.");
        }

        var state = State(ticket);
        if (state != QrTicketStatus.Approved)
        {
            return new QrTicketState(state);
        }

        ticket.Status = QrTicketStatus.Consumed.ToText();
        if (!await table.TryReplaceAsync(ticket, cancellationToken))
        {
            return new QrTicketState(QrTicketStatus.Consumed);
        }

        var person = await persons.FindAsync(ticket.PersonId!, cancellationToken);
        var target = ticket.CreditCode is null
            ? new LoginTarget(LoginMode.Personal, null, null, null)
            : new LoginTarget(LoginMode.Enterprise, ticket.CreditCode, null, ticket.IdentityType is null ? null : EnumText.Parse<IdentityType>(ticket.IdentityType));
        var (identity, enterprise, held) = await resolver.ResolveAsync(target, person, cancellationToken);
        var failure = person is null || person.PersonStatus != PersonStatus.Active ? "unknownAccount" : identity is null ? "noIdentity" : null;
        await log.WriteAsync(
            new LoginAttempt(target.LoginType, LoginMethod.Qr, person?.PersonId, person?.Name, enterprise?.EnterpriseId, identity?.IdentityType,
                failure is null ? LoginOutcome.Success : LoginOutcome.Failure, failure, client),
            cancellationToken);
        return failure is null
            ? new QrTicketState(QrTicketStatus.Approved, await sessions.StartAsync(person!, identity!, cancellationToken, held))
            : LoginService.InvalidCredentials;
    }

    private QrTicketStatus State(QrTicketEntity ticket)
    {
        var status = EnumText.Parse<QrTicketStatus>(ticket.Status);
        return status is QrTicketStatus.Pending or QrTicketStatus.Approved && ticket.ExpiresAt <= time.GetUtcNow() ? QrTicketStatus.Expired : status;
    }

    private static Task<QrTicketEntity?> FindAsync(TableClient table, string ticketId, CancellationToken cancellationToken) =>
        ticketId.Length is > 0 and <= 64
            ? table.FindAsync<QrTicketEntity>(TableKeys.Encode(ticketId), string.Empty, cancellationToken)
            : Task.FromResult<QrTicketEntity?>(null);
}
