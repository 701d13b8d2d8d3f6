using System.Collections.Concurrent;
using System.Net;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Profile;

/// <summary>
/// F3's invariants under concurrency: set-default, delete and add run in parallel against one person, round after round,
/// while a reader watches; another person races for the same new number. At every moment there is exactly one default
/// while any phone exists, the sole phone and the default are never deleted, and a number never belongs to two persons.
/// </summary>
public sealed class PhoneConcurrencyTests : IAsyncLifetime
{
    private const int Rounds = 10;

    private ApiHost? api;

    private ApiHost Api => api!;

    /// <summary>Both persons ask for a newPhone code for the contested number in every round: no resend cool-down, a larger daily budget.</summary>
    public async Task InitializeAsync() =>
        api = await ApiHost.StartAsync(settings =>
        {
            settings["Verification:DailySendsPerPhone"] = "100";
            settings["Verification:ResendSeconds"] = "0";
        });

    public async Task DisposeAsync() => await Api.DisposeAsync();

    [Fact]
    public async Task SetDefaultDeleteAndAdd_InParallel_KeepExactlyOneDefault_NeverDeleteTheDefaultOrSolePhone_AndNeverShareANumber()
    {
        var me = await Api.SignedInAsync();
        var rival = await Api.SignedInAsync();
        await Api.AddPhoneAsync(me, TestData.Phone());
        var violations = new ConcurrentQueue<string>();
        var answers = new ConcurrentQueue<(string Operation, HttpStatusCode Status)>();

        for (var round = 0; round < Rounds; round++)
        {
            var phones = await Api.PhonesAsync(me);
            var toDefault = phones[Random.Shared.Next(phones.Length)].GetProperty("phoneId").GetString()!;
            var toDelete = phones[Random.Shared.Next(phones.Length)].GetProperty("phoneId").GetString()!;
            var contested = TestData.Phone();
            var mine = await AddBodyAsync(me, TestData.Phone());
            var mineContested = await AddBodyAsync(me, contested);
            var deletion = new { verification = await Api.FaceVerificationAsync(me, "deletePhone") };
            var rivals = await AddBodyAsync(rival, contested);

            using var watching = new CancellationTokenSource();
            var watcher = WatchAsync(me, violations, watching.Token);
            HttpResponseMessage[] results = await Task.WhenAll(
                Api.PostAsync(me.Session, $"/api/me/phones/{toDefault}/default"),
                Api.MeAsync(me, HttpMethod.Delete, $"/api/me/phones/{toDelete}", deletion),
                Api.MeAsync(me, HttpMethod.Post, "/api/me/phones", mine),
                Api.MeAsync(me, HttpMethod.Post, "/api/me/phones", mineContested),
                Api.MeAsync(rival, HttpMethod.Post, "/api/me/phones", rivals));
            await watching.CancelAsync();
            await watcher;

            string[] operations = ["setDefault", "delete", "add", "addContested", "rivalAddContested"];
            for (var i = 0; i < results.Length; i++)
            {
                answers.Enqueue((operations[i], results[i].StatusCode));
                Assert.True(
                    results[i].StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Created or HttpStatusCode.Conflict or HttpStatusCode.NotFound,
                    $"{operations[i]} answered {(int)results[i].StatusCode}: {await results[i].Content.ReadAsStringAsync()}");
            }

            Assert.False(
                results[3].StatusCode == HttpStatusCode.Created && results[4].StatusCode == HttpStatusCode.Created,
                "Both persons were given the same number.");
            await AssertOneDefaultAsync(me, violations);
            await AssertNumbersHeldOnceAsync(me, rival);
        }

        Assert.Empty(violations);
        Assert.Contains(answers, answer => answer.Operation == "add" && answer.Status == HttpStatusCode.Created);
        Assert.Contains(answers, answer => answer.Operation == "delete" && answer.Status == HttpStatusCode.NoContent);
        Assert.Contains(answers, answer => answer.Operation == "setDefault" && answer.Status == HttpStatusCode.NoContent);
    }

    private async Task<object> AddBodyAsync(SignedInPerson person, string phone) => new
    {
        verification = await Api.FaceVerificationAsync(person, "addPhone"),
        phone,
        newPhoneVerification = await Api.SmsVerificationAsync(person, "newPhone", phone),
    };

    private async Task WatchAsync(SignedInPerson me, ConcurrentQueue<string> violations, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await AssertOneDefaultAsync(me, violations);
            var stored = await Api.StoredPersonAsync(me.Person.PersonId);
            if (stored.Phones.Count == 0 || stored.Phones.Count(phone => phone.IsDefault) != 1)
            {
                violations.Enqueue($"stored phones: {stored.PhonesJson}");
            }
        }
    }

    private async Task AssertOneDefaultAsync(SignedInPerson me, ConcurrentQueue<string> violations)
    {
        var phones = await Api.PhonesAsync(me);
        if (phones.Length == 0 || phones.Count(phone => phone.GetProperty("isDefault").GetBoolean()) != 1)
        {
            violations.Enqueue($"listed phones: {string.Join(", ", phones.Select(phone => phone.GetRawText()))}");
        }
    }

    private async Task AssertNumbersHeldOnceAsync(params SignedInPerson[] persons)
    {
        var holders = new Dictionary<string, string>();
        foreach (var person in persons)
        {
            foreach (var phone in (await Api.StoredPersonAsync(person.Person.PersonId)).Phones)
            {
                Assert.True(holders.TryAdd(phone.Number, person.Person.PersonId), $"{phone.Number} is listed by two persons.");
                Assert.Equal(person.Person.PersonId, await Api.PhoneHolderAsync(phone.Number));
            }
        }
    }
}
