using System.Security.Cryptography;
using System.Text;
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
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Verification.Face;

namespace TaxIdentity.Core.Verification;

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
    RealNameLevels levels,
    TimeProvider time,
    ILogger<FaceVerificationService> logger)
{
    public const string IdPrefix = "f";

    /// <summary>Seconds a client waits before asking again when the provider did not answer and gave no hint.</summary>
    private const int UnavailableRetrySeconds = 5;

    /// <summary>Whether a face-verification provider is configured; without one there are no face checks.</summary>
    public bool IsOffered => faceOptions.Value.Provider != FaceProvider.None;

    /// <summary>The provider in use, as the catalogue names it.</summary>
    public FaceProvider Provider => faceOptions.Value.Provider;

    /// <summary>Whether the provider can verify a holder of this kind of document.</summary>
    public bool Supports(IdType idType) => IsOffered && provider.Supports(idType);

    /// <summary>
    /// Opens a check of <paramref name="subject"/>: the provider's session first (a provider that does not answer in time
    /// means 503 and nothing stored), then the check, keeping only a hash of the provider's token.
    /// </summary>
    public async Task<Outcome<FaceVerificationCreated>> CreateAsync(VerificationPurpose purpose, FaceSubject subject, string? personId, CancellationToken cancellationToken)
    {
        if (!provider.Supports(subject.IdType))
        {
            return Problem.Validation("idType", "can't be verified by face here; use an SMS code or the tax office's registration code.");
        }

        var verificationId = IdPrefix + Ids.New(time);
        FaceProviderSession? session;
        try
        {
            session = await provider.StartAsync(verificationId, subject, cancellationToken);
        }
        catch (FaceProviderUnavailableException e)
        {
            LogProviderDown(logger, e, verificationId);
            return Unavailable(e);
        }

        var table = await store.GetTableAsync(TableNames.FaceVerifications, cancellationToken);
        var entity = new FaceVerificationEntity
        {
            PartitionKey = verificationId,
            PersonId = personId,
            Purpose = purpose.ToText(),
            ExpiresAt = time.GetUtcNow().AddMinutes(options.Value.FaceMinutes),
            SubjectName = subject.Name,
            SubjectIdType = subject.IdType.ToText(),
            SubjectIdNumber = subject.IdNumber,
            ProviderTokenHash = session is null ? null : TokenHash(session.Token),
        };
        await table.AddEntityAsync(entity, cancellationToken);
        return new FaceVerificationCreated(verificationId, QrPayload(verificationId, session), entity.ExpiresAt, session);
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

        // A token the provider issued for another check is refused before the provider is asked.
        if (entity.ProviderTokenHash is { } issued
            && !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(issued), Encoding.ASCII.GetBytes(TokenHash(approval.ProviderToken))))
        {
            LogRefused(logger, entity.PartitionKey, "notIssuedForThisCheck");
            return VerificationProblems.Failed("The face-verification provider has no passed check of the person this verification is for.");
        }

        FaceCheckResult? result;
        try
        {
            result = await provider.GetResultAsync(entity.PartitionKey, approval.ProviderToken, cancellationToken);
        }
        catch (FaceProviderUnavailableException e)
        {
            LogProviderDown(logger, e, entity.PartitionKey);
            return Unavailable(e);
        }

        if (result is null || result.VerificationId != entity.PartitionKey || !result.Passed || !entity.Subject().IsNamedBy(result))
        {
            LogRefused(logger, entity.PartitionKey, result is null ? "unknown" : !result.Passed ? "failed" : "anotherPerson");
            return VerificationProblems.Failed("The face-verification provider has no passed check of the person this verification is for.");
        }

        // The provider compared this face with the signed-in person's own name and ID: they are proven by face (B2, level 4).
        if (entity.PersonId is not null && await levels.RaiseToFaceVerifiedAsync(caller!.Person, cancellationToken) is { } ended)
        {
            return ended;
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

    /// <summary>etax-face://verify?id=…, plus the provider and its token when the provider opened a session the app must start.</summary>
    private static string QrPayload(string verificationId, FaceProviderSession? session) =>
        session is null
            ? "etax-face://verify?id=" + verificationId
            : $"etax-face://verify?id={verificationId}&provider={session.Provider.ToText()}&token={Uri.EscapeDataString(session.Token)}";

    private static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static Problem Unavailable(FaceProviderUnavailableException e) =>
        Problem.Unavailable(Math.Clamp((int)Math.Ceiling(e.RetryAfter?.TotalSeconds ?? UnavailableRetrySeconds), 1, 3600));

    private static Task<FaceVerificationEntity?> FindAsync(TableClient table, string verificationId, CancellationToken cancellationToken) =>
        verificationId.Length is > 0 and <= 64
            ? table.FindAsync<FaceVerificationEntity>(TableKeys.Encode(verificationId), string.Empty, cancellationToken)
            : Task.FromResult<FaceVerificationEntity?>(null);

    [LoggerMessage(Level = LogLevel.Error, Message = "Face check {VerificationId}: the face-verification provider did not answer")]
    private static partial void LogProviderDown(ILogger logger, Exception exception, string verificationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Face check {VerificationId} not approved: the provider's result is {Reason}")]
    private static partial void LogRefused(ILogger logger, string verificationId, string reason);
}
