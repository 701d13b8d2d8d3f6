namespace TaxIdentity.Core.Common.Results;

/// <summary>
/// An expected failure with a stable code: returned as a value by services and mapped to
/// application/problem+json in one place by the HTTP layer.
/// </summary>
public sealed record Problem(int Status, string Code, string Title, string? Detail = null)
{
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Seconds the client should wait; set for <see cref="ErrorCodes.RateLimited"/> and <see cref="ErrorCodes.Unavailable"/>.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static Problem Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(400, ErrorCodes.ValidationFailed, "The request is not valid.", "One or more fields are missing or invalid.")
        {
            Errors = errors,
        };

    public static Problem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static Problem NotFound(string detail) =>
        new(404, ErrorCodes.NotFound, "Not found.", detail);

    public static Problem Conflict(string detail) =>
        new(409, ErrorCodes.Conflict, "The current state does not allow this.", detail);

    public static Problem Unauthenticated(string detail = "A valid access token is required.") =>
        new(401, ErrorCodes.Unauthenticated, "Not signed in.", detail);

    public static Problem Forbidden(string detail = "The current identity may not do this.") =>
        new(403, ErrorCodes.Forbidden, "Forbidden.", detail);

    public static Problem RateLimited(int retryAfterSeconds) =>
        new(429, ErrorCodes.RateLimited, "Too many requests.", "Try again later.")
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    /// <summary>A dependency (Table Storage, the SMS provider) is down or too slow; nothing was half-done.</summary>
    public static Problem Unavailable(int retryAfterSeconds) =>
        new(503, ErrorCodes.Unavailable, "Service temporarily unavailable.", "A service the platform depends on did not answer; try again shortly.")
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    public static Problem Unexpected() =>
        new(500, ErrorCodes.Unexpected, "An unexpected error occurred.", "The error was logged; quote the trace ID when reporting it.");
}
