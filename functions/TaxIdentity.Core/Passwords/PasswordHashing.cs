using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace TaxIdentity.Core.Passwords;

/// <summary>Password hashing cost. Bound from the <c>Passwords</c> section.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Passwords";

    /// <summary>PBKDF2-HMAC-SHA512 iterations; production default per current OWASP guidance.</summary>
    public const int DefaultIterations = 210_000;

    [Range(1_000, 10_000_000, ErrorMessage = "Passwords:Iterations (Passwords__Iterations) must be between 1000 and 10000000.")]
    public int Iterations { get; set; } = DefaultIterations;
}

public enum PasswordCheck
{
    Failed,
    Succeeded,

    /// <summary>Right password, hashed with older parameters: store a new hash.</summary>
    SucceededRehashNeeded,
}

/// <summary>
/// ASP.NET Core Identity's PasswordHasher (V3: PBKDF2-HMAC-SHA512, parameters stored in the hash). A
/// missing hash is checked against a dummy so an unknown account costs the same as a wrong password.
/// </summary>
public sealed class PasswordHashing
{
    private readonly IPasswordHasher<object> hasher;
    private readonly string dummyHash;

    public PasswordHashing(IOptions<PasswordHashingOptions> options)
        : this(new PasswordHasher<object>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.Iterations,
        })))
    {
    }

    /// <summary>On another hasher; the tests count the hashes with it.</summary>
    internal PasswordHashing(IPasswordHasher<object> hasher)
    {
        this.hasher = hasher;
        dummyHash = hasher.HashPassword(new object(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
    }

    public string Hash(string password) => hasher.HashPassword(new object(), password);

    public PasswordCheck Verify(string? storedHash, string password)
    {
        var result = hasher.VerifyHashedPassword(new object(), storedHash ?? dummyHash, password);
        return storedHash is null ? PasswordCheck.Failed : result switch
        {
            PasswordVerificationResult.Success => PasswordCheck.Succeeded,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SucceededRehashNeeded,
            _ => PasswordCheck.Failed,
        };
    }
}
