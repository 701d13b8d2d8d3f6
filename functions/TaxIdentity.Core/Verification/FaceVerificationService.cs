using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Verification;

public sealed record FaceVerificationCreated(string VerificationId, string QrPayload, DateTimeOffset ExpiresAt);

public sealed class FaceVerificationEntity : TableRow
{
    public string PersonId { get; set; } = string.Empty;
    public string Purpose { get; set; } = string.Empty;
    public string Status { get; set; } = VerificationStatus.Pending.ToText();
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// B2: a face-check session shown as a QR code; the person's mobile app performs the check and approves
/// it. It expires in minutes and is usable once, for its purpose and person only.
/// </summary>
public sealed class FaceVerificationService(TableStore store, IOptions<VerificationOptions> options, TimeProvider time)
{
    public const string IdPrefix = "f";

    public async Task<FaceVerificationCreated> CreateAsync(string personId, VerificationPurpose purpose, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.FaceVerifications, cancellationToken);
        var entity = new FaceVerificationEntity
        {
            PartitionKey = IdPrefix + Ids.New(time),
            PersonId = personId,
            Purpose = purpose.ToText(),
            ExpiresAt = time.GetUtcNow().AddMinutes(options.Value.FaceMinutes),
        };
        await table.AddEntityAsync(entity, cancellationToken);
        return new FaceVerificationCreated(entity.PartitionKey, "etax-face://verify?id=" + entity.PartitionKey, entity.ExpiresAt);
    }

    /// <summary>The app approves after its face check; only the person who started the check can.</summary>
    public async Task<Outcome<Done>> ApproveAsync(string verificationId, string personId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.FaceVerifications, cancellationToken);
        return await TableClientExtensions.RetryOnRaceAsync<Outcome<Done>>(async () =>
        {
            var entity = await FindAsync(table, verificationId, cancellationToken);
            if (entity is null || entity.PersonId != personId)
            {
                return Problem.NotFound("No such verification.");
            }

            if (State(entity) != VerificationStatus.Pending)
            {
                return Problem.Conflict("The verification is no longer pending.");
            }

            entity.Status = VerificationStatus.Approved.ToText();
            return await table.TryReplaceAsync(entity, cancellationToken) ? Done.Value : null;
        });
    }

    /// <summary>Spends an approved check for its purpose and person.</summary>
    public async Task<Outcome<Done>> ConsumeAsync(string verificationId, VerificationPurpose purpose, string personId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.FaceVerifications, cancellationToken);
        return await TableClientExtensions.RetryOnRaceAsync<Outcome<Done>>(async () =>
        {
            var entity = await FindAsync(table, verificationId, cancellationToken);
            if (entity is null || entity.PersonId != personId || entity.Purpose != purpose.ToText() || State(entity) != VerificationStatus.Approved)
            {
                return VerificationProblems.Failed();
            }

            entity.Status = VerificationStatus.Used.ToText();
            return await table.TryReplaceAsync(entity, cancellationToken) ? Done.Value : null;
        });
    }

    public async Task<VerificationState?> StatusAsync(string verificationId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.FaceVerifications, cancellationToken);
        var entity = await FindAsync(table, verificationId, cancellationToken);
        return entity is null ? null : new VerificationState(State(entity));
    }

    private VerificationStatus State(FaceVerificationEntity entity)
    {
        var status = EnumText.Parse<VerificationStatus>(entity.Status);
        return status != VerificationStatus.Used && entity.ExpiresAt <= time.GetUtcNow() ? VerificationStatus.Expired : status;
    }

    private static Task<FaceVerificationEntity?> FindAsync(TableClient table, string verificationId, CancellationToken cancellationToken) =>
        verificationId.Length is > 0 and <= 64
            ? table.FindAsync<FaceVerificationEntity>(TableKeys.Encode(verificationId), string.Empty, cancellationToken)
            : Task.FromResult<FaceVerificationEntity?>(null);
}
