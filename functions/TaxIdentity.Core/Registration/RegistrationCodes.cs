using System.Security.Cryptography;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;
using TaxIdentity.Core.Provisioning;
using TaxIdentity.Core.Verification;

namespace TaxIdentity.Core.Registration;

/// <summary>Answer of POST /api/operator/persons/{idType}/{idNumber}/registration-code: the code, shown this once.</summary>
public sealed record RegistrationCodeIssued(string RegistrationCode, DateTimeOffset ExpiresAt);

/// <summary>
/// The live registration code of one identity document: partition "id|{idType}|{idNumber}". Only a keyed hash of
/// the code is kept; issuing a new code replaces the earlier one.
/// </summary>
public sealed class RegistrationCodeEntity : TableRow
{
    public string CodeHash { get; set; } = string.Empty;
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }

    public static string KeyFor(IdType type, string idNumber) => TableKeys.Compose("id", type.ToText(), idNumber);
}

/// <summary>
/// J2 and A1: one-time registration codes (注册码) the tax hall hands to a person after checking their ID card in
/// person; registering with one proves the registrant is the person the ID names. Twelve characters from an
/// alphabet without look-alikes (about 60 bits), shown once, stored as a keyed hash, valid 7 days, used once.
/// </summary>
public sealed class RegistrationCodeService(TableStore store, ServerKeys keys, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int Length = 12;

    public async Task<Outcome<RegistrationCodeIssued>> IssueAsync(string idType, string idNumber, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (type, number) = ProvisioningValidation.RouteDocument(errors, idType, idNumber);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var code = string.Concat(Enumerable.Range(0, Length).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]));
        var now = time.GetUtcNow();
        var entity = new RegistrationCodeEntity { PartitionKey = RegistrationCodeEntity.KeyFor(type!.Value, number!), IssuedAt = now, ExpiresAt = now + Lifetime };
        entity.CodeHash = keys.Hash(HashInput(entity.PartitionKey, code));
        var table = await store.GetTableAsync(TableNames.RegistrationCodes, cancellationToken);
        await table.UpsertEntityAsync(entity, Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
        return new RegistrationCodeIssued($"{code[..4]}-{code[4..8]}-{code[8..]}", entity.ExpiresAt);
    }

    /// <summary>A code as a person may type it (any case, with or without dashes and spaces), or null when it can't be one.</summary>
    public static string? Normalize(string? typed)
    {
        var code = string.Concat((typed ?? string.Empty).Where(c => c is not ('-' or ' '))).ToUpperInvariant();
        return code.Length == Length && code.All(Alphabet.Contains) ? code : null;
    }

    /// <summary>Checks the code issued for the document, and with <paramref name="consume"/> uses it up (of two racing uses one wins).</summary>
    public async Task<Outcome<Done>> SpendAsync(IdType type, string idNumber, string code, bool consume, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableNames.RegistrationCodes, cancellationToken);
        var key = RegistrationCodeEntity.KeyFor(type, idNumber);
        return await TableClientExtensions.RetryOnRaceAsync<Outcome<Done>>(async () =>
        {
            var now = time.GetUtcNow();
            var entity = await table.FindAsync<RegistrationCodeEntity>(key, string.Empty, cancellationToken);
            if (entity is null || entity.UsedAt is not null || entity.ExpiresAt <= now || !keys.Matches(HashInput(key, code), entity.CodeHash))
            {
                return VerificationProblems.Failed();
            }

            if (!consume)
            {
                return Done.Value;
            }

            entity.UsedAt = now;
            return await table.TryReplaceAsync(entity, cancellationToken) ? Done.Value : null;
        });
    }

    private static string HashInput(string documentKey, string code) => "registration-code:" + documentKey + ":" + code;
}
