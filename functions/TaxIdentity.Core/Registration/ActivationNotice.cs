using Microsoft.Extensions.Logging;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Persons;
using TaxIdentity.Core.Verification.Sms;

namespace TaxIdentity.Core.Registration;

/// <summary>
/// A1: when a person the tax office pre-provisioned is activated, the phone the office has on file is told, so a
/// person whose ID someone else used learns of it. The account is already saved: a failed send is logged, not answered.
/// </summary>
public sealed partial class ActivationNotice(ISmsSender sender, ILogger<ActivationNotice> logger)
{
    public async Task SendAsync(string phoneOnFile, PersonDetails person, CancellationToken cancellationToken)
    {
        var text = $"【电子税务局】证件号码{Mask.IdNumber(person.IdNumber)}已注册并激活电子税务局账号。如非本人操作，请立即联系主管税务机关。";
        try
        {
            await sender.SendAsync(new SmsMessage(phoneOnFile, text, "activated"), cancellationToken);
        }
        catch (SmsDeliveryException e)
        {
            LogNotSent(logger, e, Mask.Phone(phoneOnFile));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The activation notice to the phone on file {Phone} could not be sent")]
    private static partial void LogNotSent(ILogger logger, Exception exception, string phone);
}
