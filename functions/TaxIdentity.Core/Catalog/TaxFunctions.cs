namespace TaxIdentity.Core.Catalog;

/// <summary>One tax function (功能) that can be granted to an identity.</summary>
public sealed record TaxFunction(string Code, string Name);

/// <summary>The platform's list of tax functions and the default set of each identity type.</summary>
public static class TaxFunctions
{
    public const string DeclarationPayment = "declarationPayment";
    public const string InvoiceUse = "invoiceUse";
    public const string InvoicePurchase = "invoicePurchase";
    public const string Certificates = "certificates";
    public const string TaxpayerInformation = "taxpayerInformation";
    public const string Queries = "queries";
    public const string PublicServices = "publicServices";
    public const string HandlerManagement = "handlerManagement";
    public const string MyAgencies = "myAgencies";
    public const string LoginLogs = "loginLogs";
    public const string AssistCodeSettings = "assistCodeSettings";

    public static IReadOnlyList<TaxFunction> All { get; } =
    [
        new(DeclarationPayment, "申报缴纳"),
        new(InvoiceUse, "发票使用"),
        new(InvoicePurchase, "发票领用"),
        new(Certificates, "证明开具"),
        new(TaxpayerInformation, "综合信息报告"),
        new(Queries, "查询服务"),
        new(PublicServices, "公众服务"),
        new(HandlerManagement, "人员权限管理"),
        new(MyAgencies, "我的代理"),
        new(LoginLogs, "登录日志查询"),
        new(AssistCodeSettings, "助信码设置"),
    ];

    private static readonly HashSet<string> Codes = [.. All.Select(function => function.Code)];

    private static readonly string[] ManagerOnly = [HandlerManagement, MyAgencies, LoginLogs, AssistCodeSettings];

    public static bool IsKnown(string code) => Codes.Contains(code);

    public static IReadOnlyList<string> DefaultsFor(IdentityType type) => type switch
    {
        IdentityType.LegalRepresentative or IdentityType.FinancialOfficer or IdentityType.Administrator =>
            [.. All.Select(function => function.Code)],
        IdentityType.TaxClerk =>
            [DeclarationPayment, InvoiceUse, InvoicePurchase, Certificates, TaxpayerInformation, Queries, PublicServices],
        _ => [InvoicePurchase, InvoiceUse, Queries],
    };

    /// <summary>Functions an identity type may be granted at all: the manager functions only to managers.</summary>
    public static bool IsGrantableTo(string code, IdentityType type) =>
        IsKnown(code) && (type.IsManager() || !ManagerOnly.Contains(code));
}
