using Azure.Data.Tables;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Paging;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Delegation;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Login;

namespace TaxIdentity.Core.Logs;

/// <summary>
/// I1 (the enterprise's login log, for a manager holding loginLogs) and I2 (a person's own logins): one
/// single-partition range query of the login log ("ent|{enterpriseId}" or "per|{personId}", keyed newest first) per
/// page, with the login type and identity type filtered by the table and the fuzzy name by the service.
/// </summary>
public sealed class LoginLogQueries(TableStore store, ContinuationTokens tokens, TimeProvider time)
{
    /// <summary>Rows a name-filtered page reads at most before it answers (short, with a continuation).</summary>
    public const int NameScanLimit = 1000;

    public async Task<Outcome<LoginLogPage>> EnterpriseAsync(Caller caller, LoginLogQuery query, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        return actor.Succeeded
            ? await PageAsync(LoginLogEntity.EnterprisePartition(actor.Value.EnterpriseId), query, cancellationToken)
            : actor.Problem;
    }

    public Task<Outcome<LoginLogPage>> MineAsync(Caller caller, LoginLogQuery query, CancellationToken cancellationToken) =>
        PageAsync(LoginLogEntity.PersonPartition(caller.PersonId), query with { Name = null, IdentityType = null }, cancellationToken);

    private async Task<Outcome<LoginLogPage>> PageAsync(string partition, LoginLogQuery query, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        LoginType? loginType = null;

        // Left out means all; given empty is a mistake the client should hear about, not a filter that lets all through.
        var (identityTypeGiven, nameGiven) = (errors.GivenQuery(query.IdentityType, "identityType"), errors.GivenQuery(query.Name, "name"));
        if (errors.GivenQuery(query.LoginType, "loginType"))
        {
            if (EnumText.TryParse<LoginType>(query.LoginType, out var parsed))
            {
                loginType = parsed;
            }
            else
            {
                errors.Add("loginType", $"must be one of {EnumText.Allowed<LoginType>()}.");
            }
        }

        var filter = ListFilter.Parse(identityTypeGiven ? query.IdentityType : null, nameGiven ? query.Name : null);
        if (!filter.Succeeded)
        {
            foreach (var (field, messages) in filter.Problem.Errors!)
            {
                Array.ForEach(messages, message => errors.Add(field, message));
            }
        }

        var paging = TimeRangePaging.Parse(query.From, query.To, query.PageSize, query.Continuation, time.GetUtcNow(), errors);
        if (errors.Any || paging is null)
        {
            return errors.ToProblem();
        }

        var (type, name) = (filter.Value.IdentityType, filter.Value.Name);
        var scope = string.Join('\u001f', "loginLogs", partition, loginType?.ToText(), type?.ToText(), name, paging.Scope);
        var cursor = paging.Continuation is null ? paging.FirstPage(LoginLogEntity.RowFor) : tokens.Open(scope, paging.Continuation);
        if (cursor is null)
        {
            return Problem.Validation("continuation", "is not a continuation token of this query.");
        }

        var serverFilters = new List<string>();
        if (loginType is { } login)
        {
            serverFilters.Add(TableClient.CreateQueryFilter($"LoginType eq {login.ToText()}"));
        }

        if (type is { } identityType)
        {
            serverFilters.Add(TableClient.CreateQueryFilter($"IdentityType eq {identityType.ToText()}"));
        }

        var table = await store.GetTableAsync(TableNames.LoginLogs, cancellationToken);
        var page = await NewestFirstRange.ReadAsync<LoginLogEntity>(
            table,
            partition,
            cursor,
            serverFilters.Count == 0 ? null : string.Join(" and ", serverFilters),
            name is null ? null : row => row.PersonName is { } personName && filter.Value.MatchesName(personName),
            paging.PageSize,
            NameScanLimit,
            cancellationToken);
        return new LoginLogPage([.. page.Rows.Select(View)], page.Next is { } next ? tokens.Seal(scope, next) : null);
    }

    private static LoginLogItem View(LoginLogEntity row) => new(
        row.At,
        EnumText.Parse<LoginType>(row.LoginType),
        EnumText.Parse<LoginMethod>(row.Method),
        row.PersonName is { Length: > 0 } name ? Mask.PersonName(name) : null,
        row.IdentityType is null ? null : EnumText.Parse<IdentityType>(row.IdentityType),
        EnumText.Parse<LoginOutcome>(row.Outcome),
        row.Ip,
        row.UserAgent,
        row.ItemId);
}
