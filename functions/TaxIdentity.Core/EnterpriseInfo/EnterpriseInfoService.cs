using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Paging;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Identities;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Sessions;

namespace TaxIdentity.Core.EnterpriseInfo;

/// <summary>
/// C1 and C2: the enterprise of the current identity, masked, for any identity in it; the full name only through a
/// reveal, each recorded (who, as which identity, when, which field, from where) before the value is answered; the trail
/// of reveals for managers holding loginLogs (the log-management function).
/// </summary>
public sealed class EnterpriseInfoService(
    TableStore store, EnterpriseDirectory enterprises, PersonDirectory persons, IdentityStore identities, IdentityDirectory directory,
    ContinuationTokens tokens, TimeProvider time)
{
    public const string RealNameRequirements =
        "已实名核验：企业的法定代表人和财务负责人已在税务机关完成实名采集（有效身份证件核验及人脸识别）。"
        + "未实名核验的企业，须由法定代表人或财务负责人携带有效身份证件到主管税务机关办理实名采集后方可办理涉税业务。";

    public async Task<Outcome<EnterpriseInfoView>> GetAsync(Caller caller, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Member(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var enterpriseId = actor.Value.EnterpriseId;
        var enterpriseTask = enterprises.FindAsync(enterpriseId, cancellationToken);
        var heldTask = identities.ListForPersonAsync(caller.PersonId, cancellationToken);
        var enterprise = await enterpriseTask;
        if (enterprise is null)
        {
            return Problem.NotFound("The enterprise no longer exists.");
        }

        var legalRepresentative = string.IsNullOrEmpty(enterprise.LegalRepresentativeId) ? null : await persons.FindAsync(enterprise.LegalRepresentativeId, cancellationToken);
        var held = (await heldTask)
            .Where(identity => identity.EnterpriseId == enterpriseId && directory.IsValid(identity))
            .Select(identity => identity.Type)
            .OrderByDescending(type => type.Rank())
            .Select(type => new EnterpriseIdentityView(type, type == actor.Value.IdentityType))
            .ToList();
        return new EnterpriseInfoView(
            enterprise.EnterpriseId,
            Mask.CreditCode(enterprise.CreditCode),
            Mask.EnterpriseName(enterprise.Name),
            EnumText.Parse<EnterpriseKind>(enterprise.Kind),
            legalRepresentative is null ? string.Empty : Mask.PersonName(legalRepresentative.Name),
            enterprise.RealNameVerified,
            RealNameRequirements,
            enterprise.TaxAuthority,
            held);
    }

    /// <summary>C2: records the reveal, then answers the full value; nothing is shown that was not recorded.</summary>
    public async Task<Outcome<RevealedValue>> RevealAsync(Caller caller, RevealRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Member(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var errors = new FieldErrors();
        if (!errors.Required("field", request.Field))
        {
            return errors.ToProblem();
        }

        var enterprise = await enterprises.FindAsync(actor.Value.EnterpriseId, cancellationToken);
        if (enterprise is null)
        {
            return Problem.NotFound("The enterprise no longer exists.");
        }

        var at = time.GetUtcNow();
        var table = await store.GetTableAsync(TableNames.RevealAudits, cancellationToken);
        await table.AddEntityAsync(
            new RevealAuditEntity
            {
                PartitionKey = RevealAuditEntity.PartitionFor(enterprise.EnterpriseId),
                RowKey = RevealAuditEntity.RowFor(at) + "|" + Guid.NewGuid().ToString("N")[..12],
                EnterpriseId = enterprise.EnterpriseId,
                PersonId = caller.PersonId,
                PersonName = caller.Person.Name,
                IdentityType = actor.Value.IdentityType.ToText(),
                Field = request.Field.Value.ToText(),
                At = at,
                Ip = client.Ip,
                UserAgent = client.UserAgent is { Length: > 256 } agent ? agent[..256] : client.UserAgent,
            },
            cancellationToken);
        return new RevealedValue(enterprise.Name);
    }

    /// <summary>The enterprise's reveals, newest first, the last 30 days unless a range is given; paged like the login log.</summary>
    public async Task<Outcome<RevealRecordPage>> RevealsAsync(
        Caller caller, string? from, string? to, string? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var errors = new FieldErrors();
        var paging = TimeRangePaging.Parse(from, to, pageSize, continuation, time.GetUtcNow(), errors);
        if (paging is null)
        {
            return errors.ToProblem();
        }

        var partition = RevealAuditEntity.PartitionFor(actor.Value.EnterpriseId);
        var scope = string.Join('\u001f', "reveals", partition, paging.Scope);
        var cursor = paging.Continuation is null ? paging.FirstPage(RevealAuditEntity.RowFor) : tokens.Open(scope, paging.Continuation);
        if (cursor is null)
        {
            return Problem.Validation("continuation", "is not a continuation token of this query.");
        }

        var table = await store.GetTableAsync(TableNames.RevealAudits, cancellationToken);
        var page = await NewestFirstRange.ReadAsync<RevealAuditEntity>(table, partition, cursor, null, null, paging.PageSize, paging.PageSize, cancellationToken);
        return new RevealRecordPage(
            [.. page.Rows.Select(row => new RevealRecordView(
                row.At, EnumText.Parse<RevealField>(row.Field), Mask.PersonName(row.PersonName), EnumText.Parse<IdentityType>(row.IdentityType)))],
            page.Next is { } next ? tokens.Seal(scope, next) : null);
    }
}
