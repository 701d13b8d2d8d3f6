namespace TaxIdentity.Core.Common.Masking;

/// <summary>
/// Masks sensitive values on the way out. Every response that shows a name, document, phone, e-mail or
/// credit code passes it through here; full values only come from an audited reveal.
/// </summary>
public static class Mask
{
    /// <summary>扎西多吉 → 扎***; John Smith → J*********.</summary>
    public static string PersonName(string name) =>
        name.Length <= 1 ? "*" : name[..1] + new string('*', name.Length - 1);

    /// <summary>Enterprise names keep their first two and last two characters: 拉萨****公司.</summary>
    public static string EnterpriseName(string name) =>
        name.Length <= 4 ? Middle(name, 1, 0) : Middle(name, 2, 2);

    /// <summary>91540100MA6T0001X1 → 9154**********01X1.</summary>
    public static string CreditCode(string code) => Middle(code, 4, 4);

    /// <summary>
    /// 54010219800101101X → 540***********101X: the province code and the last four, the birth date hidden. Shorter
    /// documents keep the same share, a sixth at the start and two ninths at the end (rounded down), not 3 + 4, which
    /// would show seven of a passport's nine: E12345678 → E******78, H60012345 → H******45.
    /// </summary>
    public static string IdNumber(string number) => Middle(number, number.Length / 6, number.Length * 2 / 9);

    /// <summary>+8613800138000 → 138****8000; other countries keep the country code: +852****4567.</summary>
    public static string Phone(string e164)
    {
        var national = e164.StartsWith("+86", StringComparison.Ordinal) ? e164[3..] : e164;
        return Middle(national, national.StartsWith('+') ? 4 : 3, 4);
    }

    /// <summary>zhaxi@example.cn → z****@example.cn.</summary>
    public static string Email(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? Middle(email, 1, 0) : Middle(email[..at], 1, 0) + email[at..];
    }

    /// <summary>Addresses keep the first third, at most six characters (the province or city): 西藏自治区拉萨市城关区… → 西藏自治区拉*********.</summary>
    public static string Address(string address) => Middle(address, Math.Min(6, address.Length / 3), 0);

    private static string Middle(string value, int keepStart, int keepEnd)
    {
        if (value.Length <= keepStart + keepEnd)
        {
            return value.Length <= 1 ? "*" : value[..1] + new string('*', value.Length - 1);
        }

        return value[..keepStart] + new string('*', value.Length - keepStart - keepEnd) + value[^keepEnd..];
    }
}
