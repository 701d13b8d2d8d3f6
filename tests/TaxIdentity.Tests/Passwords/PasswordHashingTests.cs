using System.Buffers.Binary;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Passwords;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Passwords;

public sealed class PasswordHashingTests
{
    /// <summary>Iteration count stored in an ASP.NET Core Identity V3 hash (format byte, PRF, iterations, salt length, ...).</summary>
    private static int IterationsOf(string hash) => (int)BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));

    private static uint PrfOf(string hash) => BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(1, 4));

    [Fact]
    public void ProductionDefault_Is210000IterationsOfPbkdf2Sha512()
    {
        var hashing = new PasswordHashing(Options.Create(new PasswordHashingOptions()));

        var hash = hashing.Hash("Tz9#kLm2qRw!");

        Assert.Equal(210_000, PasswordHashingOptions.DefaultIterations);
        Assert.Equal(210_000, IterationsOf(hash));
        Assert.Equal(2u, PrfOf(hash)); // KeyDerivationPrf.HMACSHA512
        Assert.Equal(PasswordCheck.Succeeded, hashing.Verify(hash, "Tz9#kLm2qRw!"));
        Assert.Equal(PasswordCheck.Failed, hashing.Verify(hash, "Tz9#kLm2qRw?"));
    }

    [Fact]
    public void MissingHash_FailsAfterHashingAnyway()
    {
        var hasher = new CountingHasher();
        var hashing = new PasswordHashing(hasher);
        var stored = hashing.Hash("Tz9#kLm2qRw!");
        hasher.Verifications = 0;

        Assert.Equal(PasswordCheck.Failed, hashing.Verify(null, "anything"));
        Assert.Equal(1, hasher.Verifications);
        Assert.Equal(PasswordCheck.Failed, hashing.Verify(stored, "anything"));
        Assert.Equal(2, hasher.Verifications);
    }

    /// <summary>Identity's hasher (1,000 iterations), counting the hashes it verifies.</summary>
    private sealed class CountingHasher : IPasswordHasher<object>
    {
        private readonly PasswordHasher<object> inner = new(Options.Create(new PasswordHasherOptions { IterationCount = 1_000 }));

        public int Verifications { get; set; }

        public string HashPassword(object user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(object user, string hashedPassword, string providedPassword)
        {
            Verifications++;
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task Login_AfterIterationsAreRaised_RehashesThePassword()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        TestPerson person;
        await using (var before = await ApiHost.StartAsync(settings => settings["Tables:Prefix"] = prefix))
        {
            person = await before.RegisterAsync();
        }

        await using var after = await ApiHost.StartAsync(settings =>
        {
            settings["Tables:Prefix"] = prefix;
            settings["Passwords:Iterations"] = "2000";
        });
        var persons = after.Services.GetRequiredService<PersonDirectory>();
        Assert.Equal(1_000, IterationsOf((await persons.FindAsync(person.PersonId, default))!.PasswordHash!));

        await after.PersonalLoginAsync(person);

        Assert.Equal(2_000, IterationsOf((await persons.FindAsync(person.PersonId, default))!.PasswordHash!));
        await after.PersonalLoginAsync(person);
    }
}
