using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Enterprises;

/// <summary>Finds enterprises by credit code and hands out one stable ID per code.</summary>
public sealed class EnterpriseDirectory(TableStore store, TimeProvider time)
{
    public async Task<EnterpriseEntity?> FindByCreditCodeAsync(string creditCode, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Enterprises, cancellationToken);
        var claim = await table.FindAsync<EnterpriseCodeEntity>(EnterpriseCodeEntity.KeyFor(creditCode), string.Empty, cancellationToken);
        return claim is null ? null : await table.FindAsync<EnterpriseEntity>(claim.EnterpriseId, EnterpriseEntity.ProfileRow, cancellationToken);
    }

    public async Task<EnterpriseEntity?> FindAsync(string enterpriseId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Enterprises, cancellationToken);
        return await table.FindAsync<EnterpriseEntity>(enterpriseId, EnterpriseEntity.ProfileRow, cancellationToken);
    }

    /// <summary>The enterprise ID claimed for the code, claiming a new one if there is none; concurrent callers agree.</summary>
    public async Task<string> ClaimIdAsync(string creditCode, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.Enterprises, cancellationToken);
        var key = EnterpriseCodeEntity.KeyFor(creditCode);
        if (await table.FindAsync<EnterpriseCodeEntity>(key, string.Empty, cancellationToken) is { } known)
        {
            return known.EnterpriseId;
        }

        var claim = new EnterpriseCodeEntity { PartitionKey = key, EnterpriseId = Ids.New(time) };
        if (await table.TryAddAsync(claim, cancellationToken))
        {
            return claim.EnterpriseId;
        }

        var existing = await table.FindAsync<EnterpriseCodeEntity>(key, string.Empty, cancellationToken);
        return existing?.EnterpriseId ?? throw new InvalidOperationException("A credit-code claim vanished while it was read.");
    }
}
