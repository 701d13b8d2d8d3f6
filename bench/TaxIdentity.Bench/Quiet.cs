using System.Diagnostics;

namespace TaxIdentity.Bench;

/// <summary>Waits for this process to stop using the CPU.</summary>
public static class Quiet
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(500);

    /// <summary>Returns once a half-second passes with the process using under a tenth of one core, or after <paramref name="atMost"/>.</summary>
    public static async Task WaitAsync(TimeSpan atMost)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.GetCurrentProcess();
        while (clock.Elapsed < atMost)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            await Task.Delay(Sample);
            process.Refresh();
            if (process.TotalProcessorTime - before < Sample / 10)
            {
                return;
            }
        }
    }
}
