using System.Globalization;
using Microsoft.Extensions.Logging;
using TaxIdentity.Core.Common;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Login;
using TaxIdentity.Core.Verification.Sms;

namespace TaxIdentity.Core.Profile;

/// <summary>
/// F8, L6: after the name changed, the default phone is told what changed, when and from where, and how to react; the
/// text names neither the old nor the new name. The change is already saved: a failed send is logged, not answered.
/// </summary>
public sealed partial class NameChangeNotice(ISmsSender sender, TimeProvider time, ILogger<NameChangeNotice> logger)
{
    public async Task SendAsync(string phone, ClientInfo client, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow().ToOffset(BureauCalendar.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var text = $"【电子税务局】您的账号姓名已于{at}（北京时间）修改，操作地址{client.Ip}。如非本人操作，请立即联系主管税务机关。";
        try
        {
            await sender.SendAsync(new SmsMessage(phone, text, "nameChanged"), cancellationToken);
        }
        catch (SmsDeliveryException e)
        {
            LogNotSent(logger, e, Mask.Phone(phone));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The name-change notice to {Phone} could not be sent")]
    private static partial void LogNotSent(ILogger logger, Exception exception, string phone);
}
