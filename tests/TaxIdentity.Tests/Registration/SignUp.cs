using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Registration;

/// <summary>Registration requests, SMS requests and hosts on a moved clock, for the registration and verification tests.</summary>
public static class SignUp
{
    /// <summary>
    /// Where moved clocks start: early in a UTC day, so tests that move time by minutes stay in one day's SMS
    /// window, and in the past, so that storage timestamps never make a fresh uniqueness claim look abandoned.
    /// </summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    /// <summary>A well-formed registration code that was never issued.</summary>
    public const string UnissuedRegistrationCode = "ABCD-EFGH-JKLM";

    /// <summary>
    /// A complete, well-formed registration body; tests change or remove fields. Its identity proof is a registration
    /// code that was never issued unless one is given (see <see cref="ProvenBodyAsync"/>).
    /// </summary>
    public static Dictionary<string, object?> Body(
        string phone, string verificationId, string code, string? idNumber = null, string? name = null, string? username = null, string password = Accounts.Password,
        object? identityProof = null) => new()
        {
            ["name"] = name ?? NewName(),
            ["idType"] = "residentIdCard",
            ["idNumber"] = idNumber ?? TestData.ResidentId(),
            ["phone"] = phone,
            ["verification"] = new { verificationId, code },
            ["identityProof"] = identityProof ?? new { registrationCode = UnissuedRegistrationCode },
            ["password"] = password,
            ["username"] = username,
        };

    /// <summary>A complete registration body whose identity proof is a registration code the tax office issued for its ID.</summary>
    public static async Task<Dictionary<string, object?>> ProvenBodyAsync(
        this ApiHost api, string phone, string verificationId, string code, string? idNumber = null, string? name = null, string? username = null, string password = Accounts.Password)
    {
        idNumber ??= TestData.ResidentId();
        return Body(phone, verificationId, code, idNumber, name, username, password, new { registrationCode = await api.RegistrationCodeAsync(idNumber) });
    }

    public static string NewName() => "测试" + Guid.NewGuid().ToString("N")[..4];

    /// <summary>A valid username nobody else has.</summary>
    public static string NewUsername() => "u_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A six-digit code that is not <paramref name="code"/>.</summary>
    public static string WrongCode(string code) =>
        ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> PostRegistrationAsync(this ApiHost api, Dictionary<string, object?> body) =>
        api.Client.PostAsJsonAsync("/api/persons", body);

    /// <summary>Sends a register code to the phone; returns its verification ID and the code from the inbox.</summary>
    public static async Task<(string VerificationId, string Code)> RegisterCodeAsync(this ApiHost api, string phone)
    {
        var verificationId = await api.SendCodeAsync(new { purpose = "register", phone });
        return (verificationId, await api.LatestCodeAsync(phone));
    }

    /// <summary>POST /api/verifications/sms (with a solved captcha when anonymous) without asserting the answer.</summary>
    public static async Task<HttpResponseMessage> RequestSmsAsync(this ApiHost api, object body, string? accessToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verifications/sms") { Content = JsonContent.Create(await api.SmsBodyAsync(body, accessToken)) };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return await api.Client.SendAsync(request);
    }

    /// <summary>How many messages the development inbox holds for the phone.</summary>
    public static async Task<int> InboxCountAsync(this ApiHost api, string phone) =>
        (await (await api.Client.GetAsync($"/api/dev/sms?phone={Uri.EscapeDataString(phone)}")).AssertOkAsync()).GetArrayLength();

    /// <summary>The newest message the development inbox holds for the phone.</summary>
    public static Task<string> InboxMessageAsync(this ApiHost api, string phone) => api.Kit.LatestMessageAsync(phone);

    /// <summary>The uniqueness claim on a key (see <see cref="PersonIndexEntity"/>), read straight from the index table.</summary>
    public static async Task<PersonIndexEntity?> ClaimAsync(this ApiHost api, string key)
    {
        var index = await api.Services.GetRequiredService<TableStore>().GetTableAsync(TableNames.PersonIndex);
        return await index.FindAsync<PersonIndexEntity>(key, string.Empty, CancellationToken.None);
    }

    /// <summary>Every row of a table of this host.</summary>
    public static async Task<List<TableEntity>> RowsAsync(this ApiHost api, string table, string? partitionKey = null)
    {
        var client = await api.Services.GetRequiredService<TableStore>().GetTableAsync(table);
        var filter = partitionKey is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }
}
