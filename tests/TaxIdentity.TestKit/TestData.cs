using System.Globalization;
using System.Security.Cryptography;
using TaxIdentity.Core.Common.Identifiers;

namespace TaxIdentity.TestKit;

/// <summary>Fresh, valid identifiers, so that every test owns its data.</summary>
public static class TestData
{
    private const string CreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public static string CreditCode()
    {
        var organization = string.Concat(Enumerable.Range(0, 9).Select(_ => CreditCodeAlphabet[RandomNumberGenerator.GetInt32(CreditCodeAlphabet.Length)]));
        return TaxpayerId.WithCheckCharacter("91540100" + organization);
    }

    public static string ResidentId()
    {
        var birth = new DateOnly(1960, 1, 1).AddDays(RandomNumberGenerator.GetInt32(365 * 40));
        var sequence = RandomNumberGenerator.GetInt32(1000).ToString("D3", CultureInfo.InvariantCulture);
        return IdDocument.WithCheckCharacter("540102" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence);
    }

    public static string Phone() => "139" + RandomNumberGenerator.GetInt32(100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    public static object Person(string name, string? idNumber = null, string? phone = null) =>
        new { name, idType = "residentIdCard", idNumber = idNumber ?? ResidentId(), phone = phone ?? Phone() };

    public static Dictionary<string, object?> Enterprise(object? legalRepresentative = null, object? financialOfficer = null) => new()
    {
        ["name"] = "测试商贸有限公司",
        ["kind"] = "ordinary",
        ["taxAuthority"] = "国家税务总局拉萨市城关区税务局",
        ["realNameVerified"] = true,
        ["legalRepresentative"] = legalRepresentative ?? Person("扎西"),
        ["financialOfficer"] = financialOfficer ?? Person("卓玛"),
        ["specificSubjectTypes"] = new[] { "crossRegionInspection" },
    };
}
