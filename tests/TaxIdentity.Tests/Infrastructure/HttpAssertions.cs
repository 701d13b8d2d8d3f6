using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TaxIdentity.Tests.Infrastructure;

public static class HttpAssertions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a problem+json answer with the status and code; returns the body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    /// <summary>Asserts a 400 validation problem naming the field; returns the body.</summary>
    public static async Task<JsonElement> AssertFieldErrorAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"No error for '{field}' in {errors}");
        return problem;
    }

    public static async Task<JsonElement> AssertOkAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string route, object body) =>
        client.PutAsJsonAsync(route, body);

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string route, string body, string contentType = "application/json") =>
        client.SendAsync(new HttpRequestMessage(method, route) { Content = new StringContent(body, Encoding.UTF8, contentType) });
}
