using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using NCrontab;
using TaxIdentity.Core.Cleanup;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Functions;
using TaxIdentity.Functions.Platform;
using TaxIdentity.LocalHost.Timers;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Platform;

/// <summary>
/// A8: a timer deletes expired one-time rows (captchas, tickets, codes, face checks, registration codes, counters, sessions,
/// development SMS and face results).
/// </summary>
public sealed class CleanupTests
{
    private static readonly string[] OneTimeTables =
    [
        TableNames.Captchas, TableNames.QrTickets, TableNames.SmsCodes, TableNames.FaceVerifications,
        TableNames.Counters, TableNames.Sessions, TableNames.DevelopmentSms, TableNames.RegistrationCodes, TableNames.DevelopmentFaceResults,
    ];

    /// <summary>Makes a row of every one-time kind through the API.</summary>
    private static async Task MakeOneTimeRowsAsync(ApiHost api)
    {
        var person = await api.RegisterAsync();
        var session = await api.PersonalLoginAsync(person);
        await (await api.Client.PostAsync("/api/captcha", null)).AssertOkAsync(HttpStatusCode.Created);
        await (await api.Client.PostAsync("/api/auth/qr", null)).AssertOkAsync(HttpStatusCode.Created);
        using var client = api.WithToken(session.AccessToken);
        var face = await (await client.PostAsJsonAsync("/api/verifications/face", new { purpose = "changePassword" })).AssertOkAsync(HttpStatusCode.Created);
        await api.ProviderTokenAsync(face.GetProperty("verificationId").GetString()!, person.Name, person.IdNumber);
    }

    private static async Task<HashSet<string>> RowsOfAsync(ApiHost api, string table)
    {
        var client = await api.Services.GetRequiredService<TableStore>().GetTableAsync(table);
        var rows = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in client.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            rows.Add(row.PartitionKey + "/" + row.RowKey);
        }

        return rows;
    }

    private static async Task<Dictionary<string, HashSet<string>>> SnapshotAsync(ApiHost api)
    {
        var snapshot = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var table in OneTimeTables)
        {
            snapshot[table] = await RowsOfAsync(api, table);
        }

        return snapshot;
    }

    [Fact]
    public async Task Cleanup_DeletesExpiredRows_AndKeepsLiveOnes_InEveryOneTimeTable()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock);
        await MakeOneTimeRowsAsync(api);
        var expired = await SnapshotAsync(api);

        // Past every lifetime: a session's 12 hours, a day's SMS window, the development inbox's day.
        clock.Advance(TimeSpan.FromHours(27));
        await MakeOneTimeRowsAsync(api);
        var everything = await SnapshotAsync(api);

        await api.Services.GetRequiredService<ExpiredRowCleanup>().RunAsync(default);

        foreach (var table in OneTimeTables)
        {
            var live = everything[table].Except(expired[table]).ToHashSet();
            Assert.True(expired[table].Count > 0, $"The test made no expired row in {table}.");
            Assert.True(live.Count > 0, $"The test made no live row in {table}.");
            var remaining = await RowsOfAsync(api, table);
            Assert.True(live.SetEquals(remaining), $"{table}: expected {string.Join(", ", live)}; found {string.Join(", ", remaining)}.");
        }
    }

    [Fact]
    public async Task Cleanup_KeepsRowsThatCarryNoExpiry()
    {
        var clock = SignInKit.NewClock();
        await using var api = await ApiHost.StartOnClockAsync(clock);
        var counters = await api.Services.GetRequiredService<TableStore>().GetTableAsync(TableNames.Counters);
        await counters.AddEntityAsync(new TableEntity("kept", "row") { ["Note"] = "no expiry" });
        clock.Advance(TimeSpan.FromDays(30));

        await api.Services.GetRequiredService<ExpiredRowCleanup>().RunAsync(default);

        Assert.Contains("kept/row", await RowsOfAsync(api, TableNames.Counters));
    }

    [Fact]
    public void Cleanup_CoversEveryOneTimeTable()
    {
        Assert.Equal(OneTimeTables.Order(StringComparer.Ordinal), ExpiredRowCleanup.Tables.Select(table => table.Table).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CleanupFunction_RunsOnItsTimerSchedule()
    {
        var method = typeof(CleanupFunctions).GetMethod(nameof(CleanupFunctions.DeleteExpiredRows))!;
        var trigger = method.GetParameters().Select(parameter => parameter.GetCustomAttribute<TimerTriggerAttribute>()).Single(found => found is not null)!;

        Assert.Equal(nameof(CleanupFunctions.DeleteExpiredRows), method.GetCustomAttribute<FunctionAttribute>()?.Name);
        Assert.Equal(CleanupFunctions.Schedule, trigger.Schedule);
        Assert.NotNull(CrontabSchedule.TryParse(CleanupFunctions.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }));
        Assert.Contains(TimerTriggerScheduler.Discover([typeof(FunctionsServices).Assembly]), timer => timer.Method == method);
    }
}
