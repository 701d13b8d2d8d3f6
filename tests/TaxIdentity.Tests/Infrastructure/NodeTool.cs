using System.Diagnostics;

namespace TaxIdentity.Tests.Infrastructure;

/// <summary>Runs one of the pinned npm tools (package.json) from the repository's node_modules.</summary>
public static class NodeTool
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string tool, params string[] arguments)
    {
        var executable = Path.Combine(Azurite.RepositoryRoot(), "node_modules", ".bin", tool);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{tool} is not installed at {executable}: run `npm ci` in the repository root (./test.sh does).");
        }

        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["REDOCLY_TELEMETRY"] = "off",
                ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
                ["NO_COLOR"] = "1",
            },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
