using System.Text.RegularExpressions;
using TaxIdentity.Core.Common.Identifiers;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Persons;

/// <summary>
/// Finds a person by what they type as their account: a phone number, an ID number or a username.
/// Usernames start with a letter, so the three can't be confused.
/// </summary>
public sealed partial class AccountDirectory(TableStore store, PersonDirectory persons)
{
    /// <summary>4 to 20 letters, digits or '_', starting with a letter.</summary>
    public const string UsernameFormat = "^[A-Za-z][A-Za-z0-9_]{3,19}$";

    /// <summary>The longest account (phone, ID number or username) a login looks up.</summary>
    public const int MaxAccountLength = 64;

    public static bool IsValidUsername(string username) => UsernamePattern().IsMatch(username);

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
        else if (IsValidUsername(text))
        {
            keys = [PersonIndexEntity.ForUsername(text)];
        }
        else if (IdDocument.IsValidResidentId(text.ToUpperInvariant()))
        {
            keys = [PersonIndexEntity.ForDocument(IdType.ResidentIdCard, text.ToUpperInvariant())];
        }
        else
        {
            keys = Enum.GetValues<IdType>().Where(type => type != IdType.ResidentIdCard)
                .Select(type => (type, number: IdDocument.Normalize(type, text, out _)))
                .Where(candidate => candidate.number is not null)
                .Select(candidate => PersonIndexEntity.ForDocument(candidate.type, candidate.number!));
        }

        var claims = await Task.WhenAll(keys.Select(key => index.FindAsync<PersonIndexEntity>(key, string.Empty, cancellationToken)));
        var claim = claims.FirstOrDefault(found => found is not null);
        var person = claim is null ? null : await persons.FindAsync(claim.PersonId, cancellationToken);

        // A claim whose person no longer holds the value (a release a crash cut short) names nobody.
        return person is not null && person.Holds(claim!.PartitionKey) ? person : null;
    }

    [GeneratedRegex(UsernameFormat)]
    private static partial Regex UsernamePattern();
}
