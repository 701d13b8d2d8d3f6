using System.ComponentModel.DataAnnotations;
using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Security;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Agreement;

public sealed record AgreementAcceptance([property: Required] string? Version);

/// <summary>A9: shows the agreement and records its acceptance.</summary>
public sealed class AgreementService(PersonDirectory persons, AgreementPolicy policy, TimeProvider time)
{
    public AgreementView View(Caller caller) => policy.View(caller.Person);

    public async Task<Outcome<Done>> AcceptAsync(Caller caller, AgreementAcceptance request, CancellationToken cancellationToken)
    {
        if (request.Version != policy.Version)
        {
            return Problem.Validation("version", $"must be the current agreement version, {policy.Version}.");
        }

        var accepted = await persons.UpdateAsync(caller.Person, person =>
        {
            person.AgreementVersion = policy.Version;
            person.UpdatedAt = time.GetUtcNow();
            return true;
        }, cancellationToken);
        return accepted is null ? Problem.Unauthenticated() : Done.Value;
    }
}
