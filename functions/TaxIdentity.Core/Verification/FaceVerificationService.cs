using System.ComponentModel.DataAnnotations;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Verification.Face;

namespace TaxIdentity.Core.Verification;

public sealed record FaceVerificationCreated(string VerificationId, string QrPayload, DateTimeOffset ExpiresAt);

/// <summary>Body of POST /api/app/verifications/{verificationId}/approve: the token the face-verification provider gave the app.</summary>
public sealed record FaceApproval([property: Required, StringLength(256, MinimumLength = 1)] string? ProviderToken);

/// <summary>The person a face check is for: the signed-in person, or the one a registrant or a forgotten-password page claims to be.</summary>
public sealed record FaceSubject(string Name, IdType IdType, string IdNumber)
{
    /// <summary>True when the provider's result names this person (name and identity document, compared as the platform stores them).</summary>
    public bool IsNamedBy(FaceCheckResult result) =>
        result.IdType == IdType
        && string.Equals(IdDocument.Normalize(result.IdType, result.IdNumber, out _), IdNumber, StringComparison.Ordinal)
        && string.Equals(HumanText.Normalize(result.Name, int.MaxValue, out _), Name, StringComparison.Ordinal);
}

public sealed class FaceVerificationEntity : TableRow
{
    /// <summary>The signed-in person who started the check; null for the anonymous purposes (register, resetPassword).</summary>
    public string? PersonId { get; set; }

    public string Purpose { get; set; } = string.Empty;
    public string Status { get; set; } = VerificationStatus.Pending.ToText();
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Whom the provider's result must name.</summary>
    public string SubjectName { get; set; } = string.Empty;

    public string SubjectIdType { get; set; } = string.Empty;
    public string SubjectIdNumber { get; set; } = string.Empty;

    public FaceSubject Subject() => new(SubjectName, EnumText.Parse<IdType>(SubjectIdType), SubjectIdNumber);
}

/// <summary>
/// B2: a face-check session shown as a QR code. The mobile app performs the check with the face-verification
/// provider and hands the platform the provider's token; the session is approved only when the provider's own
/// result, looked up server-side, passed and names the person the session is for. The app's word (and its
/// X-App-Key, which only identifies it) decides nothing. A session expires in minutes and is used once, for its
/// purpose and person.
/// </summary>
public sealed partial class FaceVerificationService(
    TableStore store,
    IFaceVerificationProvider provider,
    IOptions<FaceOptions> faceOptions,
    IOptions<VerificationOptions> options,
    TimeProvider time,
    ILogger<FaceVerificationService> logger)
{
    public const string IdPrefix = "f";

    /// <summary>Whether a face-verification provider is configured; without one there are no face checks.</summary>
    public bool IsOffered => faceOptions.Value.Provider != FaceProvider.None;

    public async Task<FaceVerificationCreated> CreateAsync(VerificationPurpose purpose, FaceSubject subject, string? personId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.FaceVerifications, cancellationToken);
        var entity = new FaceVerificationEntity
        {
            PartitionKey = IdPrefix + Ids.New(time),
            PersonId = personId,
            Purpose = purpose.ToText(),
            ExpiresAt = time.GetUtcNow().AddMinutes(options.Value.FaceMinutes),
            SubjectName = subject.Name,
            SubjectIdType = subject.IdType.ToText(),
            SubjectIdNumber = subject.IdNumber,
        };
        await table.AddEntityAsync(entity, cancellationToken);
        return new FaceVerificationCreated(entity.PartitionKey, "etax-face://verify?id=" + entity.PartitionKey, entity.ExpiresAt);
    }

    /// <summary>
    /// The app reports a finished check with the provider's token. A check started signed in can only be reported by
    /// that person's app; an anonymous one by any app, since the provider's result alone decides.
    /// </summary>
    public async Task<Outcome<Done>> ApproveAsync(string verificationId, FaceApproval approval, Caller? caller, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!errors.Required("providerToken", approval.ProviderToken))
        {
            return errors.ToProblem();
        }

        var table = await store.GetTableAsync(TableNames.FaceVerifications, cancellationToken);
        var entity = await FindAsync(table, verificationId, cancellationToken);
        if (entity is null || (entity.PersonId is not null && caller is not null && caller.PersonId != entity.PersonId))
        {
            return Problem.NotFound("No such verification.");
        }

        if (entity.PersonId is not null && caller is null)
        {
            return Problem.Unauthenticated("Sign in as the person this check is for.");
        }

        if (State(entity) != VerificationStatus.Pending)
        {
            return Problem.Conflict("The verification is no longer pending.");
        }

        var result = await provider.GetResultAsync(entity.PartitionKey, approval.ProviderToken, cancellationToken);
        if (result is null || result.VerificationId != entity.PartitionKey || !result.Passed || !entity.Subject().IsNamedBy(result))
        {
            LogRefused(logger, entity.PartitionKey, result is null ? "unknown" : !result.Passed ? "failed" : "anotherPerson");
            return VerificationProblems.Failed("The face-verification provider has no passed check of the person this verification is for.");
        }

        return await TableClientExtensions.RetryOnRaceAsync<Outcome<Done>>(async () =>
        {
            entity ??= await FindAsync(table, verificationId, cancellationToken);
            if (entity is null || State(entity) != VerificationStatus.Pending)
            {
                return Problem.Conflict("The verification is no longer pending.");
            }

            entity.Status = VerificationStatus.Approved.ToText();
            if (await table.TryReplaceAsync(entity, cancellationToken))
            {
                return Done.Value;
            }

            entity = null;
            return null;
        });
    }

    /// <summary>Spends an approved check that the signed-in person started, for its purpose.</summary>
    public Task<Outcome<Done>> ConsumeAsync(string verificationId, VerificationPurpose purpose, string personId, CancellationToken cancellationToken) =>
        SpendAsync(verificationId, purpose, entity => entity.PersonId == personId, consume: true, cancellationToken);

    /// <summary>
    /// Spends an approved check the signed-in person started for its purpose, made for exactly <paramref name="subject"/>
    /// (F8: the new name and the person's own ID, which the provider's result named).
    /// </summary>
    public Task<Outcome<Done>> ConsumeForAsync(string verificationId, VerificationPurpose purpose, string personId, FaceSubject subject, CancellationToken cancellationToken) =>
        SpendAsync(verificationId, purpose, entity => entity.PersonId == personId && entity.Subject() == subject, consume: true, cancellationToken);

    /// <summary>
    /// Checks (and with <paramref name="consume"/> spends) an approved anonymous check for its purpose, made for
    /// exactly this person: the result the provider gave named them.
    /// </summary>
    public Task<Outcome<Done>> SpendForAsync(
        string verificationId, VerificationPurpose purpose, FaceSubject subject, bool consume, CancellationToken cancellationToken) =>
        SpendAsync(verificationId, purpose, entity => entity.PersonId is null && entity.Subject() == subject, consume, cancellationToken);

    public async Task<VerificationState?> StatusAsync(string verificationId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.FaceVerifications, cancellationToken);
        var entity = await FindAsync(table, verificationId, cancellationToken);
        return entity is null ? null : new VerificationState(State(entity));
    }

    private async Task<Outcome<Done>> SpendAsync(
        string verificationId, VerificationPurpose purpose, Func<FaceVerificationEntity, bool> isFor, bool consume, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.FaceVerifications, cancellationToken);
        return await TableClientExtensions.RetryOnRaceAsync<Outcome<Done>>(async () =>
        {
            var entity = await FindAsync(table, verificationId, cancellationToken);
            if (entity is null || !isFor(entity) || entity.Purpose != purpose.ToText() || State(entity) != VerificationStatus.Approved)
            {
                return VerificationProblems.Failed();
            }

            if (!consume)
            {
                return Done.Value;
            }

            entity.Status = VerificationStatus.Used.ToText();
            return await table.TryReplaceAsync(entity, cancellationToken) ? Done.Value : null;
        });
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Face check {VerificationId} not approved: the provider's result is {Reason}")]
    private static partial void LogRefused(ILogger logger, string verificationId, string reason);
}
