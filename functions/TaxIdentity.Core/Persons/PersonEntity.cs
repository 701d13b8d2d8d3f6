using System.Runtime.Serialization;
using System.Text.Json;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Json;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Login;

namespace TaxIdentity.Core.Persons;

/// <summary>One of a person's phones. Exactly one is the default whenever there is any.</summary>
public sealed record PersonPhone(string PhoneId, string Number, bool IsDefault);

/// <summary>
/// A natural person. Partition = person ID, one row "profile". Phones live in the same row so that the
/// one-default invariant is guarded by the row's ETag.
/// </summary>
public sealed class PersonEntity : TableRow, IPasswordAttemptState
{
    public const string ProfileRow = "profile";

    public PersonEntity() => RowKey = ProfileRow;

    [IgnoreDataMember]
    public string PersonId => PartitionKey;
    public string Name { get; set; } = string.Empty;
    public string IdType { get; set; } = string.Empty;
    public string IdNumber { get; set; } = string.Empty;
    public string Status { get; set; } = PersonStatus.Provisioned.ToText();

    /// <summary>Phone the tax office holds on file for a provisioned person (E.164); not proved, not indexed.</summary>
    public string? PhoneOnFile { get; set; }

    /// <summary>Migrated from the old system: must accept the current agreement at first login (A9).</summary>
    public bool ExistingHousehold { get; set; }

    /// <summary>The agreement version the person accepted; null for none.</summary>
    public string? AgreementVersion { get; set; }

    public int RealNameLevel { get; set; }

    /// <summary>
    /// How the person proved at registration that the ID is theirs (<see cref="Persons.RealNameProof"/>, as text); null for an
    /// account registered before that proof was required, linked only by a self-asserted name and ID.
    /// </summary>
    public string? IdentityProof { get; set; }

    public DateTimeOffset? IdentityProvenAt { get; set; }
    public string? Username { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }

    /// <summary>The ID document's validity (F6): <c>custom</c> (start and end) or <c>longTerm</c> (start only); null until the person sets it.</summary>
    public string? IdValidityKind { get; set; }

    /// <summary>yyyy-MM-dd.</summary>
    public string? IdValidFrom { get; set; }

    /// <summary>yyyy-MM-dd; only for <c>custom</c>.</summary>
    public string? IdValidUntil { get; set; }

    /// <summary>PBKDF2 hash in ASP.NET Core Identity's format (it carries its own parameters).</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Changes whenever every existing session must end (password change, deregistration).</summary>
    public string SecurityStamp { get; set; } = string.Empty;

    /// <summary>
    /// The session that renewed <see cref="SecurityStamp"/> by changing the password (F2): it keeps working under the
    /// stamp it began with (its next refresh takes the new one); every other session ended. Null after any other renewal.
    /// </summary>
    public string? StampKeptForSessionId { get; set; }

    public DateTimeOffset? DeregisteredAt { get; set; }

    /// <summary>Password-attempt state (A12), see <see cref="IPasswordAttemptState"/>.</summary>
    public int FailedLogins { get; set; }
    public int Lockouts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public int LoginAttempts { get; set; }
    public int? LockedAtAttempt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>JSON array of <see cref="PersonPhone"/>.</summary>
    public string PhonesJson { get; set; } = "[]";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    [IgnoreDataMember]
    public IdType Document => EnumText.Parse<IdType>(IdType);

    /// <summary>An active account whose holder never proved the ID is theirs: it must not be given an enterprise's protected identities.</summary>
    [IgnoreDataMember]
    public bool IsSelfAsserted => PersonStatus == PersonStatus.Active && IdentityProof is null;

    [IgnoreDataMember]
    public PersonStatus PersonStatus => EnumText.Parse<PersonStatus>(Status);

    [IgnoreDataMember]
    public IReadOnlyList<PersonPhone> Phones
    {
        get => JsonSerializer.Deserialize<List<PersonPhone>>(PhonesJson, JsonDefaults.Options) ?? [];
        set => PhonesJson = JsonSerializer.Serialize(value, JsonDefaults.Options);
    }

    [IgnoreDataMember]
    public string? DefaultPhone => Phones.FirstOrDefault(phone => phone.IsDefault)?.Number;

    /// <summary>Ends every session (a new stamp); <paramref name="keptSessionId"/>, when given, keeps working (the one that changed the password).</summary>
    public void RenewSecurityStamp(string stamp, string? keptSessionId = null)
    {
        SecurityStamp = stamp;
        StampKeptForSessionId = keptSessionId;
    }

    /// <summary>Whether the person's row still holds what the uniqueness claim <paramref name="indexKey"/> stands for.</summary>
    public bool Holds(string indexKey) =>
        indexKey == PersonIndexEntity.ForDocument(Document, IdNumber)
        || (Username is not null && indexKey == PersonIndexEntity.ForUsername(Username))
        || Phones.Any(phone => indexKey == PersonIndexEntity.ForPhone(phone.Number));
}
