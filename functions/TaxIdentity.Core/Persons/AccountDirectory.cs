using System.Text.RegularExpressions;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Persons;

/// <summary>
/// Finds a person by what they type as their account: a phone number, an ID number or a username. A username starts
/// with a letter and is never shaped like any ID type's number, and an account that could be a document number is
/// looked up as one (first) as well as a username, so a passport or permit holder (E12345678, H60012345) signs in by
/// number and nobody can squat it as a username.
/// </summary>
public sealed partial class AccountDirectory(TableStore store, PersonDirectory persons)
{
    /// <summary>4 to 20 letters, digits or '_', starting with a letter, and not shaped like an ID document number.</summary>
    public const string UsernameFormat = "^(?!" + IdDocument.Shape + "$)[A-Za-z][A-Za-z0-9_]{3,19}$";

    public const string UsernameRule =
        "must be 4 to 20 letters, digits or '_', starting with a letter, and not shaped like an ID document number (5 or more letters and digits need an '_').";

    /// <summary>The longest account (phone, ID number or username) a login looks up.</summary>
    public const int MaxAccountLength = 64;

    /// <summary>A username a person may take: the format, and no ID type's number (<see cref="IdDocument.MatchesAnyType"/>).</summary>
    public static bool IsValidUsername(string username) => LegacyUsernamePattern().IsMatch(username) && !IdDocument.MatchesAnyType(username);

    public async Task<PersonEntity?> FindAsync(string? account, CancellationToken cancellationToken)
    {
        var text = account?.Trim() ?? string.Empty;
        if (text.Length is 0 or > MaxAccountLength)
        {
            return null;
        }

        var index = await store.GetTableAsync(TableNames.PersonIndex, cancellationToken);
        IEnumerable<string> keys;
        if (PhoneNumber.Normalize(text, out _) is { } phone)
        {
            keys = [PersonIndexEntity.ForPhone(phone)];
        }
        else if (IdDocument.IsValidResidentId(text.ToUpperInvariant()))
        {
            keys = [PersonIndexEntity.ForDocument(IdType.ResidentIdCard, text.ToUpperInvariant())];
        }
        else
        {
            // Document numbers first, so a username taken before the rule that looks like one can't shadow its holder.
            var documents = Enum.GetValues<IdType>().Where(type => type != IdType.ResidentIdCard)
                .Select(type => (type, number: IdDocument.Normalize(type, text, out _)))
                .Where(candidate => candidate.number is not null)
                .Select(candidate => PersonIndexEntity.ForDocument(candidate.type, candidate.number!));
            keys = LegacyUsernamePattern().IsMatch(text) ? [.. documents, PersonIndexEntity.ForUsername(text)] : documents;
        }

        var claims = await Task.WhenAll(keys.Select(key => index.FindAsync<PersonIndexEntity>(key, string.Empty, cancellationToken)));
        var claim = claims.FirstOrDefault(found => found is not null);
        var person = claim is null ? null : await persons.FindAsync(claim.PersonId, cancellationToken);

        // A claim whose person no longer holds the value (a release a crash cut short) names nobody.
        return person is not null && person.Holds(claim!.PartitionKey) ? person : null;
    }

    /// <summary>The username format before document-shaped names were refused; such usernames are still found.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{3,19}$")]
    private static partial Regex LegacyUsernamePattern();
}
