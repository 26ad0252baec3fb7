using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// Whether this run is a dry run (<c>--job dry</c>, CI's smoke run): BenchmarkDotNet adds the command line's job to a
/// class's own, so a class's own job would still be measured in full, out of process, where only a check was asked for.
/// </summary>
public static class DryRun
{
    /// <summary>Set by the program from its arguments, before any benchmark is found.</summary>
    public static bool IsOn { get; set; }
}

/// <summary>A class's own job, one launch, one warmup and five iterations, left out of a dry run (<see cref="DryRun"/>).</summary>
public sealed class FiveIterationsConfig : ManualConfig
{
    /// <summary>The job, unless the run is dry.</summary>
    public FiveIterationsConfig()
    {
        if (!DryRun.IsOn)
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
        }
    }
}
