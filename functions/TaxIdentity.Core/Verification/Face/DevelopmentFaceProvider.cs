using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Common.Validation;

namespace TaxIdentity.Core.Verification.Face;

/// <summary>Body of POST /api/dev/face/{verificationId}: whom the made-up check saw, and whether it passed.</summary>
public sealed record DevelopmentFaceRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string? Name,
    [property: Required] IdType? IdType,
    [property: Required, StringLength(64, MinimumLength = 1)] string? IdNumber,
    [property: Required] bool? Passed);

public sealed record DevelopmentFaceResult(string ProviderToken);

public sealed class DevelopmentFaceResultEntity : TableRow
{
    public string VerificationId { get; set; } = string.Empty;
    public bool Passed { get; set; }
    public string Name { get; set; } = string.Empty;
    public string IdType { get; set; } = string.Empty;
    public string IdNumber { get; set; } = string.Empty;
    public DateTimeOffset IssuedAt { get; set; }
}

/// <summary>
/// The development face provider: POST /api/dev/face/{verificationId} stands in for the check the app runs with
/// the real provider and returns the token the provider would give the app; <see cref="GetResultAsync"/> is the
/// platform's server-side look-up of that token. Results are kept under a hash of their token. Start-up refuses
/// this provider outside the Development environment.
/// </summary>
public sealed class DevelopmentFaceProvider(TableStore store, TimeProvider time) : IFaceVerificationProvider
{
    /// <summary>The made-up results can name a person of any document.</summary>
    public bool Supports(IdType idType) => true;

    /// <summary>Nothing to open: the result is made up afterwards through the development route.</summary>
    public Task<FaceProviderSession?> StartAsync(string verificationId, FaceSubject subject, CancellationToken cancellationToken) =>
        Task.FromResult<FaceProviderSession?>(null);

    public async Task<Outcome<DevelopmentFaceResult>> IssueAsync(string verificationId, DevelopmentFaceRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", request.Name, 100);
        errors.Required("idType", request.IdType);
        var idNumber = errors.Text("idNumber", request.IdNumber, 64);
        errors.Required("passed", request.Passed);
        if (verificationId.Length is 0 or > 64)
        {
            errors.Add("verificationId", "must be 1 to 64 characters.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var table = await store.GetTableAsync(TableNames.DevelopmentFaceResults, cancellationToken);
        await table.AddEntityAsync(
            new DevelopmentFaceResultEntity
            {
                PartitionKey = KeyOf(token),
                VerificationId = verificationId,
                Passed = request.Passed!.Value,
                Name = name!,
                IdType = request.IdType!.Value.ToText(),
                IdNumber = idNumber!,
                IssuedAt = time.GetUtcNow(),
            },
            cancellationToken);
        return new DevelopmentFaceResult(token);
    }

    public async Task<FaceCheckResult?> GetResultAsync(string verificationId, string providerToken, CancellationToken cancellationToken)
    {
        if (providerToken.Length is 0 or > 256)
        {
            return null;
        }

        var table = await store.GetTableAsync(TableNames.DevelopmentFaceResults, cancellationToken);
        var result = await table.FindAsync<DevelopmentFaceResultEntity>(KeyOf(providerToken), string.Empty, cancellationToken);
        return result is null || result.VerificationId != verificationId
            ? null
            : new FaceCheckResult(result.VerificationId, result.Passed, result.Name, EnumText.Parse<IdType>(result.IdType), result.IdNumber);
    }

    private static string KeyOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>No face-verification provider configured: no result is ever accepted.</summary>
public sealed class NoFaceProvider : IFaceVerificationProvider
{
    public bool Supports(IdType idType) => false;

    public Task<FaceProviderSession?> StartAsync(string verificationId, FaceSubject subject, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No face-verification provider is configured.");

    public Task<FaceCheckResult?> GetResultAsync(string verificationId, string providerToken, CancellationToken cancellationToken) =>
        Task.FromResult<FaceCheckResult?>(null);
}
