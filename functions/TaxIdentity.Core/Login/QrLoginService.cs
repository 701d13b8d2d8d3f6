using System.Buffers.Text;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Identifiers;
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

/// <summary>POST /api/auth/qr: the ticket ID goes into the QR code; the poll secret stays with the page that created it.</summary>
public sealed record QrTicketIssued(string TicketId, string QrPayload, string PollSecret, DateTimeOffset ExpiresAt);

public sealed record QrTicketState(QrTicketStatus Status, SessionResponse? Session = null);

/// <summary>Where a QR login was requested from, for the app to show before approving.</summary>
public sealed record QrRequestedFrom(string Ip, string? UserAgent);

/// <summary>GET /api/app/qr/{ticketId}.</summary>
public sealed record QrTicketView(QrRequestedFrom RequestedFrom, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>POST /api/app/qr/{ticketId}/approve: the app names the enterprise to enter, or none for personal business.</summary>
public sealed record QrApproveRequest(
    [property: Required] TaxApp? App,
    [property: RegularExpression(TaxpayerId.Pattern), Description("The enterprise to enter; none for personal business.")] string? CreditCode,
    [property: Description("The identity to act as in the enterprise; the highest-ranked one held when omitted.")] IdentityType? IdentityType);

public sealed class QrTicketEntity : TableRow
{
    public string Status { get; set; } = QrTicketStatus.Pending.ToText();

    /// <summary>Keyed hash of the poll secret: only the page that created the ticket can collect the session.</summary>
    public string PollSecretHash { get; set; } = string.Empty;

    public string RequestedFromIp { get; set; } = string.Empty;
    public string? RequestedFromUserAgent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? PersonId { get; set; }
    public string? CreditCode { get; set; }
    public string? IdentityType { get; set; }
    public string? App { get; set; }

    /// <summary>The app session that approved the ticket: the session made from it ends no later than that one.</summary>
    public string? ApprovingSessionId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// A7: the page creates a short-lived ticket and gets a poll secret besides the ticket ID the QR code shows;
/// the signed-in mobile app reads where the request came from and approves it; the page's next poll with the
/// secret receives the session, once (the approved → consumed move is ETag-guarded). That session ends no
/// later than the approving app session: its expiry is capped at that session's, and it ends when that one is
/// revoked. Creating tickets is throttled per client (A8).
/// </summary>
public sealed class QrLoginService(
    TableStore store, LoginIdentityResolver resolver, SessionService sessions, PersonDirectory persons, LoginLog log, ClientThrottle throttle, ServerKeys keys,
    IOptions<LoginOptions> options, TimeProvider time)
{
    public const string PollSecretHeader = "X-Poll-Secret";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    public async Task<Outcome<QrTicketIssued>> IssueAsync(ClientInfo client, CancellationToken cancellationToken)
    {
        if (await throttle.TakeAsync("qr", client, options.Value.QrTicketsPerMinutePerClient, cancellationToken) is { } throttled)
        {
            return throttled;
        }

        var table = await store.GetTableAsync(TableNames.QrTickets, cancellationToken);
        var pollSecret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var ticket = new QrTicketEntity
        {
            PartitionKey = Ids.New(time),
            PollSecretHash = keys.Hash(pollSecret),
            RequestedFromIp = client.Ip,
            RequestedFromUserAgent = client.UserAgent is { Length: > 256 } agent ? agent[..256] : client.UserAgent,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        await table.AddEntityAsync(ticket, cancellationToken);
        return new QrTicketIssued(ticket.PartitionKey, "etax-login://qr?ticket=" + ticket.PartitionKey, pollSecret, ticket.ExpiresAt);
    }

    /// <summary>What the app shows before approving: where and when the ticket was requested.</summary>
    public async Task<Outcome<QrTicketView>> ViewAsync(string ticketId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.QrTickets, cancellationToken);
        var ticket = await FindAsync(table, ticketId, cancellationToken);
        return ticket is null
            ? Problem.NotFound("No such ticket.")
            : new QrTicketView(new QrRequestedFrom(ticket.RequestedFromIp, ticket.RequestedFromUserAgent), ticket.CreatedAt, ticket.ExpiresAt);
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

        if (!caller.Session.MayApproveQrLogins)
        {
            return Problem.Forbidden("Only the tax app's own sign-in approves QR logins; a web session or one made by a QR login can't.");
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
            ticket.ApprovingSessionId = caller.Session.SessionId;
            return await table.TryReplaceAsync(ticket, cancellationToken) ? Done.Value : null;
        });
    }

    /// <summary>The ticket's status for the page holding its poll secret; without it (or with a wrong one) the ticket is not found.</summary>
    public async Task<Outcome<QrTicketState>> PollAsync(string ticketId, string? pollSecret, ClientInfo client, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.QrTickets, cancellationToken);
        var ticket = await FindAsync(table, ticketId, cancellationToken);
        if (ticket is null || pollSecret is not { Length: > 0 and <= 128 } || !keys.Matches(pollSecret, ticket.PollSecretHash))
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

        var approving = ticket.ApprovingSessionId is null ? null : await sessions.FindAsync(ticket.ApprovingSessionId, cancellationToken);
        var person = await persons.FindAsync(ticket.PersonId!, cancellationToken);
        var target = ticket.CreditCode is null
            ? new LoginTarget(LoginMode.Personal, null, null, null)
            : new LoginTarget(LoginMode.Enterprise, ticket.CreditCode, null, ticket.IdentityType is null ? null : EnumText.Parse<IdentityType>(ticket.IdentityType));
        var (identity, enterprise, held) = await resolver.ResolveAsync(target, person, cancellationToken);
        var failure = person is null || person.PersonStatus != PersonStatus.Active ? "unknownAccount"
            : approving is null || !sessions.IsLive(approving) || sessions.IsIdle(approving) || !SecurityStamps.Admit(person, approving) ? "appSessionEnded"
            : identity is null ? "noIdentity"
            : null;
        var byMember = failure is null || (enterprise is not null && await resolver.HoldsAnyIdentityAsync(person, enterprise, cancellationToken));
        await log.WriteAsync(
            new LoginAttempt(target.LoginType, LoginMethod.Qr, person?.PersonId, person?.Name, enterprise?.EnterpriseId, identity?.IdentityType,
                failure is null ? LoginOutcome.Success : LoginOutcome.Failure, failure, client, ByMember: byMember),
            cancellationToken);
        return failure is null
            ? new QrTicketState(QrTicketStatus.Approved, await sessions.StartAsync(person!, identity!, cancellationToken, held, approving))
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
