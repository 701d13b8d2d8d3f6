using System.Collections.Concurrent;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Verification;

/// <summary>One request as the stub received it.</summary>
public sealed record AcsRecordedRequest(string Method, string PathAndQuery, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A scripted answer; <see cref="Drop"/> closes the connection without answering, <see cref="Hang"/> never answers.</summary>
public sealed record AcsScriptedResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, bool Drop = false, bool Hang = false)
{
    public static AcsScriptedResponse Accepted(string to, bool successful = true, int recipientStatus = 202, string? errorMessage = null) =>
        new(202, $$"""
            {"value":[{"to":"{{to}}","messageId":"Outgoing_20250314_test","httpStatusCode":{{recipientStatus}},"successful":{{(successful ? "true" : "false")}},"errorMessage":{{(errorMessage is null ? "null" : $"\"{errorMessage}\"")}},"repeatabilityResult":"accepted"}]}
            """);

    public static AcsScriptedResponse Throttled(string retryAfterName = "Retry-After", string retryAfter = "0") =>
        new(429, """{"error":{"code":"TooManyRequests","message":"Rate limit exceeded."}}""", new Dictionary<string, string> { [retryAfterName] = retryAfter });

    public static AcsScriptedResponse Unavailable() =>
        new(503, """{"error":{"code":"ServiceUnavailable","message":"Try again."}}""", new Dictionary<string, string> { ["Retry-After"] = "0" });

    public static AcsScriptedResponse Dropped() => new(0, Drop: true);

    /// <summary>Reads the request and then waits until the caller gives up (or the stub stops).</summary>
    public static AcsScriptedResponse Hanging() => new(0, Hang: true);
}

/// <summary>
/// A stand-in for the ACS SMS endpoint: a real Kestrel server on a free loopback port that records every request
/// and answers from a queue of scripted responses, then with <see cref="Fallback"/> (599 unless set).
/// </summary>
public sealed class AcsStub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<AcsScriptedResponse> script = new();
    private readonly ConcurrentQueue<AcsRecordedRequest> requests = new();

    private AcsStub(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<AcsRecordedRequest> Requests => [.. requests];

    /// <summary>The answer once the script is used up; tests switch it to model an outage and a recovery.</summary>
    public AcsScriptedResponse Fallback { get; set; } =
        new(599, """{"error":{"code":"StubExhausted","message":"No scripted response left."}}""");

    public static async Task<AcsStub> StartAsync(params AcsScriptedResponse[] responses)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new AcsStub(app);
        foreach (var response in responses)
        {
            stub.script.Enqueue(response);
        }

        app.Run(stub.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.Address = new Uri(address);
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var path = context.Request.Path.Value ?? string.Empty;
        var query = context.Request.QueryString.Value ?? string.Empty;
        requests.Enqueue(new AcsRecordedRequest(context.Request.Method, path + query, path, query, headers, body.ToArray()));

        if (!script.TryDequeue(out var response))
        {
            response = Fallback;
        }

        await ScriptedAnswers.WriteAsync(context, response.Status, response.Body, response.Headers, response.Drop, response.Hang, app.Lifetime.ApplicationStopping);
    }
}

/// <summary>
/// A clock for retry tests: it stands still, except that a timer due within <c>fireWithin</c> fires at once and moves
/// the clock by its due time, so Task.Delay(delay, time) returns immediately and the delays asked for can be checked.
/// Longer timers (the pipeline's timeouts, set longer in these tests) never fire.
/// </summary>
public sealed class InstantTimeProvider(DateTimeOffset start, TimeSpan fireWithin) : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<TimeSpan> delays = [];
    private DateTimeOffset now = start;

    /// <summary>The due times of the timers that fired, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (gate)
            {
                return [.. delays];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero || dueTime >= fireWithin)
        {
            return new FiredTimer();
        }

        lock (gate)
        {
            delays.Add(dueTime);
            now += dueTime;
        }

        // Task.Delay copes with a timer that fires before CreateTimer returns.
        callback(state);
        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>A Microsoft Entra credential that hands out a fixed token and counts how often it is asked.</summary>
public sealed class FakeTokenCredential(string token, TimeProvider time, TimeSpan lifetime) : TokenCredential
{
    private int calls;

    public int Calls => Volatile.Read(ref calls);

    public ConcurrentQueue<string> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        foreach (var scope in requestContext.Scopes)
        {
            Scopes.Enqueue(scope);
        }

        return new AccessToken(token, time.GetUtcNow() + lifetime);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

/// <summary>Collects every log line, formatted, with the values of its holes.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
        lines.Enqueue($"{logLevel}: {formatter(state, exception)} | {values} | {exception?.Message}");
    }
}
