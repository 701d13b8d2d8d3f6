using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace TaxIdentity.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once with the Bicep CLI from the Azure.Bicep.CommandLine package
/// (<c>bicep build --stdout</c>, no network) and shared by every test in <see cref="InfraTestGroup"/>.
/// </summary>
public sealed class CompiledTemplate
{
    public CompiledTemplate()
    {
        var bicep = BicepExecutable();
        var startInfo = new ProcessStartInfo(bicep)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("build");
        startInfo.ArgumentList.Add(Path.Combine(InfraDirectory, "main.bicep"));
        startInfo.ArgumentList.Add("--stdout");

        var diagnostics = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (diagnostics)
                {
                    diagnostics.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        var json = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("bicep build did not finish within 3 minutes.");
        }

        process.WaitForExit();
        ExitCode = process.ExitCode;
        Diagnostics = diagnostics.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Main = ExitCode == 0 && JsonNode.Parse(json) is JsonObject root ? new ArmTemplate("main", root) : null;
    }

    /// <summary>Directory holding main.bicep (baked in at build time by the .csproj).</summary>
    public static string InfraDirectory { get; } = Metadata("InfraDirectory");

    public int ExitCode { get; }

    /// <summary>What bicep wrote to stderr: one line per warning or error.</summary>
    public IReadOnlyList<string> Diagnostics { get; }

    public IEnumerable<string> Errors => Diagnostics.Where(line => line.Contains(": Error ", StringComparison.Ordinal));

    public IEnumerable<string> Warnings => Diagnostics.Where(line => line.Contains(": Warning ", StringComparison.Ordinal));

    /// <summary>The compiled ARM template; null when the build failed.</summary>
    public ArmTemplate? Main { get; }

    public ArmTemplate Template =>
        Main ?? throw new InvalidOperationException($"bicep build failed (exit {ExitCode}):\n{string.Join('\n', Diagnostics)}");

    private static string BicepExecutable()
    {
        // BICEP_PATH lets a machine without the linux-x64 package (Windows, macOS) use its own bicep.
        var path = Environment.GetEnvironmentVariable("BICEP_PATH") is { Length: > 0 } overridden ? overridden : Metadata("BicepPath");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at {path}; restore the Azure.Bicep.CommandLine.linux-x64 package or set BICEP_PATH.", path);
        }

        // NuGet may extract the executable without its execute bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        return path;
    }

    private static string Metadata(string key) =>
        typeof(CompiledTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing; it is set in TaxIdentity.Infra.Tests.csproj.");
}

[CollectionDefinition(Name)]
public sealed class InfraTestGroup : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "Compiled infra/main.bicep";
}
