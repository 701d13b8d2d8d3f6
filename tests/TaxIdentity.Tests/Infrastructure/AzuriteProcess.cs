using System.Diagnostics;
using System.Globalization;

namespace TaxIdentity.Tests.Infrastructure;

/// <summary>
/// A whole Azurite (blobs, queues, tables) of one test's own, keeping its data in a folder, on ports fixed
/// for its lifetime, so the test can stop it and start it again on the same data (Durable state survives,
/// outages can be staged). Deleted with its data when disposed.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("azurite-").FullName;
    private readonly int blobPort = Azurite.FreePort();
    private readonly int queuePort = Azurite.FreePort();
    private readonly int tablePort = Azurite.FreePort();
    private Process? process;

    private AzuriteProcess()
    {
    }

    /// <summary>A connection string naming all three services (AzureWebJobsStorage, Tables__ConnectionString).</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    public static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = new AzuriteProcess();
        await azurite.StartAgainAsync();
        return azurite;
    }

    public async Task StartAgainAsync()
    {
        var executable = Path.Combine(Azurite.RepositoryRoot(), "node_modules", ".bin", "azurite");
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--blobHost", "127.0.0.1", "--blobPort", Port(blobPort), "--queueHost", "127.0.0.1", "--queuePort", Port(queuePort),
                "--tableHost", "127.0.0.1", "--tablePort", Port(tablePort), "--location", folder, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
            },
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Azurite.WaitForPortAsync(blobPort, TimeSpan.FromSeconds(120));
        await Azurite.WaitForPortAsync(queuePort, TimeSpan.FromSeconds(120));
        await Azurite.WaitForPortAsync(tablePort, TimeSpan.FromSeconds(120));
    }

    /// <summary>
    /// Stops it with SIGINT, so it saves its data first (the folder stays); connections are refused until
    /// <see cref="StartAgainAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process?.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned up by the OS eventually.
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
