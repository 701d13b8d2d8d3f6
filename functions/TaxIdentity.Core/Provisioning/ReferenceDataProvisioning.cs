using System.Globalization;
using Azure.Data.Tables;
using TaxIdentity.Core.Agencies;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.CrossRegion;
using TaxIdentity.Core.Enterprises;

namespace TaxIdentity.Core.Provisioning;

public sealed record AgencyResult(string AgreementNumber);

public sealed record CrossRegionItemResult(string ItemId, string EnterpriseId);

/// <summary>
/// J2: agencies and cross-region items. A PUT replaces the whole record, so last-writer-wins is the
/// intended semantics and the writes are plain upserts.
/// </summary>
public sealed class ReferenceDataProvisioning(TableStore store, EnterpriseDirectory enterprises)
{
    public const int TextLength = 100;
    public const int AddressLength = 200;

    public async Task<Outcome<AgencyResult>> PutAgencyAsync(
        string creditCode, string agreementNumber, AgencyRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var code = ProvisioningValidation.CreditCode(errors, "creditCode", creditCode);
        var agreement = ProvisioningValidation.Key(errors, "agreementNumber", agreementNumber);
        var agencyName = errors.Text("agencyName", request.AgencyName, TextLength);
        var agencyCode = ProvisioningValidation.CreditCode(errors, "agencyCreditCode", request.AgencyCreditCode);
        var agentName = errors.Text("agentName", request.AgentName, ProvisioningValidation.PersonNameLength);
        errors.Required("identityType", request.IdentityType);
        errors.Required("status", request.Status);
        if (errors.Required("serviceStart", request.ServiceStart) & errors.Required("serviceEnd", request.ServiceEnd)
            && request.ServiceEnd < request.ServiceStart)
        {
            errors.Add("serviceEnd", "must not be before serviceStart.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var enterprise = await enterprises.FindByCreditCodeAsync(code!, cancellationToken);
        if (enterprise is null)
        {
            return Problem.NotFound("No enterprise has this credit code.");
        }

        var table = await store.GetTableAsync(TableNames.Agencies, cancellationToken);
        await table.UpsertEntityAsync(
            new AgencyEntity
            {
                PartitionKey = enterprise.EnterpriseId,
                RowKey = agreement!,
                AgencyName = agencyName!,
                AgencyCreditCode = agencyCode!,
                AgentName = agentName!,
                IdentityType = request.IdentityType!.Value.ToText(),
                ServiceStart = Date(request.ServiceStart!.Value),
                ServiceEnd = Date(request.ServiceEnd!.Value),
                Status = request.Status!.Value.ToText(),
            },
            TableUpdateMode.Replace,
            cancellationToken);
        return new AgencyResult(agreement!);
    }

    public async Task<Outcome<CrossRegionItemResult>> PutCrossRegionItemAsync(
        string itemId, CrossRegionItemRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var id = ProvisioningValidation.Key(errors, "itemId", itemId);
        errors.Required("kind", request.Kind);
        var code = ProvisioningValidation.CreditCode(errors, "creditCode", request.CreditCode);
        var province = errors.Text("province", request.Province, TextLength);
        var city = errors.Text("city", request.City, TextLength);
        var district = errors.Text("district", request.District, TextLength);
        var taxAuthority = errors.Text("taxAuthority", request.TaxAuthority, TextLength);
        var businessAddress = errors.OptionalText("businessAddress", request.BusinessAddress, AddressLength);
        var managementNumber = request.Kind == CrossRegionKind.Inspection
            ? errors.Text("managementNumber", request.ManagementNumber, TextLength)
            : errors.OptionalText("managementNumber", request.ManagementNumber, TextLength);
        if (request.ValidFrom is { } from && request.ValidTo is { } to && to < from)
        {
            errors.Add("validTo", "must not be before validFrom.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var enterprise = await enterprises.FindByCreditCodeAsync(code!, cancellationToken);
        if (enterprise is null)
        {
            return Problem.NotFound("No enterprise has this credit code.");
        }

        var kind = request.Kind!.Value.ToText();
        var table = await store.GetTableAsync(TableNames.CrossRegionItems, cancellationToken);
        var locator = new CrossRegionItemLocator { PartitionKey = CrossRegionItemLocator.KeyFor(id!), EnterpriseId = enterprise.EnterpriseId, Kind = kind };
        if (!await table.TryAddAsync(locator, cancellationToken))
        {
            var existing = await table.FindAsync<CrossRegionItemLocator>(locator.PartitionKey, string.Empty, cancellationToken);
            if (existing is not null && (existing.EnterpriseId != enterprise.EnterpriseId || existing.Kind != kind))
            {
                return Problem.Conflict("This item ID belongs to another enterprise or kind; items can't move.");
            }
        }

        await table.UpsertEntityAsync(
            new CrossRegionItemEntity
            {
                PartitionKey = enterprise.EnterpriseId,
                RowKey = CrossRegionItemEntity.RowFor(kind, id!),
                ItemId = id!,
                Kind = kind,
                CreditCode = enterprise.CreditCode,
                Province = province!,
                City = city!,
                District = district!,
                TaxAuthority = taxAuthority!,
                ManagementNumber = string.IsNullOrEmpty(managementNumber) ? null : managementNumber,
                BusinessAddress = businessAddress,
                ValidFrom = request.ValidFrom is { } validFrom ? Date(validFrom) : null,
                ValidTo = request.ValidTo is { } validTo ? Date(validTo) : null,
            },
            TableUpdateMode.Replace,
            cancellationToken);
        return new CrossRegionItemResult(id!, enterprise.EnterpriseId);
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
