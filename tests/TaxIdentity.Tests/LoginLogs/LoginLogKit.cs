using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Login;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.LoginLogs;

/// <summary>Login-log rows written straight to storage at chosen times, and the paged queries (I1, I2) through HTTP.</summary>
public static class LoginLogKit
{
    /// <summary>A login-log row as the platform writes it (newest-first row key), at <paramref name="at"/>.</summary>
    public static LoginLogEntity Row(
        string partition, DateTimeOffset at, string ip, string loginType = "enterprise", string? identityType = "taxClerk",
        string? personName = "测试人员", string outcome = "success", string method = "password", string? enterpriseId = null, string? personId = null) => new()
        {
            PartitionKey = partition,
            RowKey = LoginLogEntity.RowFor(at) + "|" + Guid.NewGuid().ToString("N")[..12],
            At = at,
            LoginType = loginType,
            Method = method,
            PersonId = personId,
            PersonName = personName,
            EnterpriseId = enterpriseId,
            IdentityType = identityType,
            Outcome = outcome,
            Ip = ip,
            UserAgent = "TaxTest/seeded",
        };

    /// <summary>Writes the rows in transactions of up to 100 per partition.</summary>
    public static async Task SeedAsync(this ApiHost api, IEnumerable<LoginLogEntity> rows)
    {
        var table = await api.Service<TableStore>().GetTableAsync(TableNames.LoginLogs);
        foreach (var partition in rows.GroupBy(row => row.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
            }
        }
    }

    /// <summary>GETs one page of a login-log query, asserting 200.</summary>
    public static async Task<JsonElement> PageAsync(this ApiHost api, TestSession session, string route) =>
        await (await api.GetAsync(session, route)).AssertOkAsync();

    /// <summary>Follows the continuation tokens from the first page to the last; returns the pages' items in order and the page count.</summary>
    public static async Task<(List<JsonElement> Items, int Pages)> AllPagesAsync(this ApiHost api, TestSession session, string route)
    {
        var items = new List<JsonElement>();
        var pages = 0;
        string? continuation = null;
        do
        {
            var page = await api.PageAsync(session, continuation is null ? route : WithContinuation(route, continuation));
            pages++;
            items.AddRange(page.GetProperty("items").EnumerateArray());
            continuation = page.TryGetProperty("continuation", out var next) ? next.GetString() : null;
            Assert.True(pages < 100, "The pages never ended.");
        }
        while (continuation is not null);

        return (items, pages);
    }

    /// <summary>The route with the continuation token added as the client sends it back (URL-encoded).</summary>
    public static string WithContinuation(string route, string continuation) =>
        route + (route.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "continuation=" + Uri.EscapeDataString(continuation);

    /// <summary>The continuation token of a page (which must have one).</summary>
    public static string ContinuationOf(JsonElement page) => page.GetProperty("continuation").GetString()!;

    public static IReadOnlyList<string> Ips(IEnumerable<JsonElement> items) => [.. items.Select(item => item.GetProperty("ip").GetString()!)];

    public static string Ip(int n) => "198.51.100." + n.ToString(CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
