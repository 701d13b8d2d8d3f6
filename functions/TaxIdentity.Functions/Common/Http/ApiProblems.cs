using TaxIdentity.Core.Common.Results;

namespace TaxIdentity.Functions.Common.Http;

/// <summary>The contract's error codes (api.md) with their statuses, and the codes each operation can answer.</summary>
public static class ApiProblems
{
    public static IReadOnlyDictionary<string, int> Statuses { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [ErrorCodes.ValidationFailed] = 400,
        [ErrorCodes.PasswordPolicy] = 400,
        [ErrorCodes.VerificationFailed] = 400,
        [ErrorCodes.CaptchaFailed] = 400,
        [ErrorCodes.Unauthenticated] = 401,
        [ErrorCodes.InvalidCredentials] = 401,
        [ErrorCodes.Forbidden] = 403,
        [ErrorCodes.AgreementRequired] = 403,
        [ErrorCodes.NotFound] = 404,
        [ErrorCodes.Conflict] = 409,
        [ErrorCodes.RateLimited] = 429,
        [ErrorCodes.Unexpected] = 500,
        [ErrorCodes.Unavailable] = 503,
    };

    /// <summary>The statuses whose answers carry a Retry-After header.</summary>
    public static IReadOnlySet<int> RetryAfterStatuses { get; } = new HashSet<int> { 429, 503 };

    /// <summary>Every code the operation can answer: the ones its shape implies and the ones its attribute names.</summary>
    public static IReadOnlyList<string> CodesOf(ApiDocAttribute doc)
    {
        var codes = new List<string>();
        if (doc.Request is not null || doc.RequiredQuery.Length > 0)
        {
            codes.Add(ErrorCodes.ValidationFailed);
        }

        codes.AddRange(doc.Access switch
        {
            ApiAccess.PublicOrSignedIn or ApiAccess.AppOptionallySignedIn => [ErrorCodes.Unauthenticated],
            ApiAccess.SignedIn or ApiAccess.App => [ErrorCodes.Unauthenticated, ErrorCodes.AgreementRequired],
            ApiAccess.Operator => [ErrorCodes.Unauthenticated, ErrorCodes.NotFound],
            _ => [],
        });
        codes.AddRange(doc.Problems);
        codes.Add(ErrorCodes.Unexpected);
        if (doc.UsesStorage)
        {
            codes.Add(ErrorCodes.Unavailable);
        }

        var unknown = codes.FirstOrDefault(code => !Statuses.ContainsKey(code));
        return unknown is null
            ? [.. codes.Distinct(StringComparer.Ordinal)]
            : throw new InvalidOperationException($"'{unknown}' is not an error code of the contract (ErrorCodes).");
    }
}
