using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Core.Events;
using TaxIdentity.Core.Persons;
using TaxIdentity.Tests.Delegation;
using TaxIdentity.Tests.Infrastructure;
using TaxIdentity.Tests.Login;

namespace TaxIdentity.Tests.Profile;

/// <summary>A registered person signed in to personal business.</summary>
public sealed record SignedInPerson(TestPerson Person, TestSession Session);

/// <summary>Helpers of the personal-information tests (F1-F9): signed-in persons, their verifications, the "me" routes.</summary>
public static class ProfileKit
{
    public const string NewPassword = "Nw7$kLq2pZx!";

    public static async Task<SignedInPerson> SignedInAsync(this ApiHost api, string? username = null)
    {
        var person = await api.RegisterAsync(username: username);
        return new SignedInPerson(person, await api.PersonalLoginAsync(person));
    }

    /// <summary>A face check the signed-in person started for the purpose, passed by the provider for them and approved by their app.</summary>
    public static async Task<string> ApprovedOwnFaceAsync(this ApiHost api, SignedInPerson me, string purpose)
    {
        var verificationId = await api.StartFaceIdAsync(new { purpose }, me.Session.AccessToken);
        var token = await api.ProviderTokenAsync(verificationId, me.Person.Name, me.Person.IdNumber);
        await (await api.ApproveFaceAsync(verificationId, token, me.Session.AccessToken)).AssertOkAsync(HttpStatusCode.NoContent);
        return verificationId;
    }

    /// <summary>An SMS code for a signed-in purpose (to the default phone, or to <paramref name="phone"/> for newPhone), as a verification body.</summary>
    public static async Task<object> SmsVerificationAsync(this ApiHost api, SignedInPerson me, string purpose, string? phone = null)
    {
        var verificationId = await api.SendCodeAsync(phone is null ? new { purpose } : new { purpose, phone }, me.Session.AccessToken);
        var code = await api.LatestCodeAsync(phone ?? await api.DefaultPhoneAsync(me.Person.PersonId));
        return new { verificationId, code };
    }

    public static async Task<object> FaceVerificationAsync(this ApiHost api, SignedInPerson me, string purpose) =>
        new { verificationId = await api.ApprovedOwnFaceAsync(me, purpose) };

    public static async Task<string> DefaultPhoneAsync(this ApiHost api, string personId)
    {
        var stored = await api.StoredPersonAsync(personId);
        return stored.DefaultPhone!;
    }

    public static Task<HttpResponseMessage> MeAsync(this ApiHost api, SignedInPerson me, HttpMethod method, string route, object? body = null) =>
        api.SendAsync(me.Session, method, route, body);

    public static Task<HttpResponseMessage> GetMeAsync(this ApiHost api, SignedInPerson me, string route = "/api/me") =>
        api.SendAsync(me.Session, HttpMethod.Get, route);

    public static async Task<JsonElement[]> PhonesAsync(this ApiHost api, SignedInPerson me) =>
        [.. (await (await api.GetMeAsync(me, "/api/me/phones")).AssertOkAsync()).EnumerateArray()];

    /// <summary>Adds a phone proving the default phone by face and the new one by its own SMS code; returns the phone ID.</summary>
    public static async Task<string> AddPhoneAsync(this ApiHost api, SignedInPerson me, string phone)
    {
        var added = await api.TryAddPhoneAsync(me, phone);
        return (await added.AssertOkAsync(HttpStatusCode.Created)).GetProperty("phoneId").GetString()!;
    }

    public static async Task<HttpResponseMessage> TryAddPhoneAsync(this ApiHost api, SignedInPerson me, string phone) =>
        await api.MeAsync(me, HttpMethod.Post, "/api/me/phones", new
        {
            verification = await api.FaceVerificationAsync(me, "addPhone"),
            phone,
            newPhoneVerification = await api.SmsVerificationAsync(me, "newPhone", phone),
        });

    public static Task<HttpResponseMessage> ChangePasswordAsync(this ApiHost api, SignedInPerson me, object body) =>
        api.MeAsync(me, HttpMethod.Put, "/api/me/password", body);

    /// <summary>Persons whose index claim the phone is (null when nobody's).</summary>
    public static async Task<string?> PhoneHolderAsync(this ApiHost api, string e164)
    {
        var table = await api.Services.GetRequiredService<TableStore>().GetTableAsync(TableNames.PersonIndex);
        return (await table.FindAsync<PersonIndexEntity>(PersonIndexEntity.ForPhone(e164), string.Empty, default))?.PersonId;
    }

    public static async Task<string?> IndexHolderAsync(this ApiHost api, string key)
    {
        var table = await api.Services.GetRequiredService<TableStore>().GetTableAsync(TableNames.PersonIndex);
        return (await table.FindAsync<PersonIndexEntity>(key, string.Empty, default))?.PersonId;
    }

    public static async Task<List<OutboxEntity>> PersonOutboxAsync(this ApiHost api, string personId)
    {
        var table = await api.Services.GetRequiredService<TableStore>().GetTableAsync(TableNames.Persons);
        var rows = new List<OutboxEntity>();
        await foreach (var row in table.QueryAsync<OutboxEntity>(OutboxEntity.InPartition(personId)))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static string E164(string phone) => "+86" + phone;

    public static async Task<HttpResponseMessage> PostAnonymousAsync(this ApiHost api, string route, object body) =>
        await api.Client.PostAsJsonAsync(route, body);
}
