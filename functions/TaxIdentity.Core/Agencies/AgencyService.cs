using System.Globalization;
using Azure.Data.Tables;
using TaxIdentity.Core.Catalog;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Provisioning;

namespace TaxIdentity.Core.Agencies;

/// <summary>An agency serving the enterprise, as G1 lists it.</summary>
public sealed record AgencyView(
    string AgencyName,
    string AgencyCreditCode,
    string AgreementNumber,
    string AgentName,
    IdentityType IdentityType,
    DateOnly ServiceStart,
    DateOnly ServiceEnd,
    AgencyStatus Status);

/// <summary>G1: the agencies of the enterprise of the current identity, for managers holding myAgencies; one partition read.</summary>
public sealed class AgencyService(TableStore store)
{
    public async Task<Outcome<AgencyView[]>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Manager(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var table = await store.GetTableAsync(TableNames.Agencies, cancellationToken);
        var agencies = new List<AgencyView>();
        await foreach (var row in table.QueryAsync<AgencyEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {actor.Value.EnterpriseId}"), cancellationToken: cancellationToken))
        {
            agencies.Add(new AgencyView(
                row.AgencyName,
                row.AgencyCreditCode,
                row.AgreementNumber,
                row.AgentName,
                EnumText.Parse<IdentityType>(row.IdentityType),
                Date(row.ServiceStart),
                Date(row.ServiceEnd),
                EnumText.Parse<AgencyStatus>(row.Status)));
        }

        return agencies.OrderByDescending(agency => agency.ServiceStart).ThenBy(agency => agency.AgreementNumber, StringComparer.Ordinal).ToArray();
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
