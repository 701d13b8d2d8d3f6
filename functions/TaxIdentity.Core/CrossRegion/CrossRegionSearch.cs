using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Enterprises;
using TaxIdentity.Core.Provisioning;

namespace TaxIdentity.Core.CrossRegion;

/// <summary>The search fields of H3 (exact values, as the page's drop-downs and the management number box give them).</summary>
public sealed record CrossRegionFilter(string? Province, string? City, string? District, string? TaxAuthority, string? ManagementNumber = null);

/// <summary>A cross-region item as the searches list it; the enterprise masked. Switch into it with its item ID.</summary>
public sealed record CrossRegionItemView(
    string ItemId,
    CrossRegionKind Kind,
    string EnterpriseName,
    string CreditCode,
    string Province,
    string City,
    string District,
    string TaxAuthority,
    string? ManagementNumber,
    string? BusinessAddress,
    DateOnly? ValidFrom,
    DateOnly? ValidTo);

/// <summary>
/// H3: the inspection items and tax-source registrations of the enterprise of the current identity, by province, city,
/// district, tax authority (and for inspections the management number): one range query of the enterprise's partition,
/// the fields filtered by the table, and one read of the enterprise. Items past their validity end are left out.
/// </summary>
public sealed class CrossRegionSearch(TableStore store, EnterpriseDirectory enterprises, CrossRegionItems items)
{
    public async Task<Outcome<CrossRegionItemView[]>> SearchAsync(Caller caller, CrossRegionKind kind, CrossRegionFilter filter, CancellationToken cancellationToken)
    {
        var actor = EnterpriseAccess.Member(caller);
        if (!actor.Succeeded)
        {
            return actor.Problem;
        }

        var errors = new FieldErrors();
        var fields = new (string Name, string? Value)[]
        {
            ("Province", Exact(errors, "province", filter.Province)),
            ("City", Exact(errors, "city", filter.City)),
            ("District", Exact(errors, "district", filter.District)),
            ("TaxAuthority", Exact(errors, "taxAuthority", filter.TaxAuthority)),
            ("ManagementNumber", Exact(errors, "managementNumber", filter.ManagementNumber)),
        };
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var prefix = TableKeys.Encode(kind.ToText()) + "|";
        var query = new StringBuilder(TableClient.CreateQueryFilter(
            $"PartitionKey eq {actor.Value.EnterpriseId} and RowKey ge {prefix} and RowKey lt {TableKeys.PrefixEnd(prefix)}"));
        foreach (var (property, value) in fields.Where(field => field.Value is not null))
        {
            query.Append(" and ").Append(property).Append(" eq ").Append(TableClient.CreateQueryFilter($"{value}"));
        }

        var enterpriseTask = enterprises.FindAsync(actor.Value.EnterpriseId, cancellationToken);
        var table = await store.GetTableAsync(TableNames.CrossRegionItems, cancellationToken);
        var rows = new List<CrossRegionItemEntity>();
        await foreach (var row in table.QueryAsync<CrossRegionItemEntity>(query.ToString(), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        var enterprise = await enterpriseTask;
        var name = enterprise is null ? string.Empty : Mask.EnterpriseName(enterprise.Name);
        return rows.Where(items.IsLive).Select(row => new CrossRegionItemView(
            row.ItemId,
            kind,
            name,
            Mask.CreditCode(row.CreditCode),
            row.Province,
            row.City,
            row.District,
            row.TaxAuthority,
            row.ManagementNumber,
            row.BusinessAddress,
            Date(row.ValidFrom),
            Date(row.ValidTo))).ToArray();
    }

    /// <summary>A search value as stored (NFC, trimmed); absent when left out (given empty, an error); at most the stored fields' length.</summary>
    private static string? Exact(FieldErrors errors, string field, string? value)
    {
        if (!errors.GivenQuery(value, field))
        {
            return null;
        }

        var trimmed = value.Trim();

        if (trimmed.Length > ReferenceDataProvisioning.TextLength)
        {
            errors.Add(field, $"must be at most {ReferenceDataProvisioning.TextLength} characters.");
            return null;
        }

        try
        {
            return trimmed.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            errors.Add(field, "holds characters that are not valid text.");
            return null;
        }
    }

    private static DateOnly? Date(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
