using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Persons;

namespace TaxIdentity.Core.Agreement;

/// <summary>The current service agreement (A9). Bound from the <c>Agreement</c> section.</summary>
public sealed class AgreementOptions
{
    public const string Section = "Agreement";

    [Required(ErrorMessage = "Agreement:Version (Agreement__Version) is required.")]
    public string Version { get; set; } = "2026-01";

    public string Text { get; set; } =
        "《电子税务局存量户服务协议》：您的账户由原系统迁移而来。继续使用前，请阅读并同意本协议：平台依法采集、使用和保护您的身份信息，" +
        "您应妥善保管账户、密码和验证码，对本人账户下的办税行为负责。";
}

public sealed record AgreementView(bool Required, string Version, string Text);

/// <summary>A9: existing households must accept the current agreement version before anything else works.</summary>
public sealed class AgreementPolicy(IOptions<AgreementOptions> options)
{
    public string Version => options.Value.Version;

    public bool IsRequired(PersonEntity person) => person.ExistingHousehold && person.AgreementVersion != options.Value.Version;

    public AgreementView View(PersonEntity person) => new(IsRequired(person), options.Value.Version, options.Value.Text);
}
