using TaxIdentity.Core.Common.Results;
using TaxIdentity.Core.Common.Storage;

namespace TaxIdentity.Core.Persons;

/// <summary>One real-name level (实名等级) as 个人基本信息 explains it: what proves it and what it lets the person do.</summary>
public sealed record RealNameLevelInfo(int Level, string Name, string ProvenBy, string Allows);

/// <summary>
/// Real-name levels 0-4 (F1, J2). The tax office sets a pre-provisioned person's level; registration starts a new person
/// at <see cref="Registered"/>; a face check by the face-verification provider that named the person (at registration,
/// or any approved check of the signed-in person) raises them to <see cref="FaceVerified"/>, as other Chinese e-tax
/// platforms rank a face check against the public-security registry highest. A level is never lowered here.
/// </summary>
public sealed class RealNameLevels(TableStore store, TimeProvider time)
{
    public const int Registered = 1;
    public const int FaceVerified = 4;

    public static IReadOnlyList<RealNameLevelInfo> All { get; } =
    [
        new(0, "未实名", "姓名和证件号码未经核验（如旧系统迁移的账户）。", "可登录、查看本人信息并签署服务协议；办理涉税业务前须完成实名认证。"),
        new(1, "一级实名", "完成注册：姓名、证件号码已登记，手机号码已验证。", "可办理本人信息维护和个人涉税事项的查询。"),
        new(2, "二级实名", "税务机关核验过证件信息（如存量户迁移时核定）。", "另可被企业添加为办税员、购票员，确认企业的办税授权。"),
        new(3, "三级实名", "在办税服务厅现场核验证件和本人（由税务机关核定）。", "另可被添加为企业管理员，为企业管理办税人员。"),
        new(4, "四级实名", "扫脸验证：人脸识别与公安部门权威数据比对通过（扫脸注册，或在本平台完成一次扫脸验证）。", "可办理全部业务，包括以法定代表人、财务负责人身份办理企业涉税事项。"),
    ];

    /// <summary>The level a registration leaves the person at: at least what the office set, and four when proven by face.</summary>
    public static int AfterRegistration(int current, bool isNew, RealNameProof proof) =>
        proof == RealNameProof.Face ? Math.Max(current, FaceVerified) : isNew ? Registered : current;

    /// <summary>
    /// Raises a signed-in person whom the provider just verified by face to level four: one ETag-guarded write, none
    /// when they are there already. A problem when the account ended meanwhile.
    /// </summary>
    public async Task<Problem?> RaiseToFaceVerifiedAsync(PersonEntity known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(known);
        if (known.RealNameLevel >= FaceVerified)
        {
            return null;
        }

        var table = await store.GetTableAsync(TableNames.Persons, cancellationToken);
        PersonEntity? current = known;
        var outcome = await TableClientExtensions.RetryOnRaceAsync<Outcome<Done>>(async () =>
        {
            current ??= await table.FindAsync<PersonEntity>(known.PartitionKey, PersonEntity.ProfileRow, cancellationToken);
            if (current is null || current.PersonStatus != PersonStatus.Active)
            {
                return Problem.Unauthenticated("The account has ended; sign in again.");
            }

            if (current.RealNameLevel >= FaceVerified)
            {
                return Done.Value;
            }

            current.RealNameLevel = FaceVerified;
            current.UpdatedAt = time.GetUtcNow();
            if (await table.TryReplaceAsync(current, cancellationToken))
            {
                return Done.Value;
            }

            current = null;
            return null;
        });
        return outcome.Succeeded ? null : outcome.Problem;
    }
}
