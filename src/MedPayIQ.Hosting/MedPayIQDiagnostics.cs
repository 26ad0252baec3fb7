using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MedPayIQ.Hosting;

/// <summary>
/// The names MedPayIQ reports under: one <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named
/// <c>MedPayIQ</c>, for OpenTelemetry (<c>AddMeter("MedPayIQ")</c>, <c>AddSource("MedPayIQ")</c>) or <c>dotnet-counters</c>.
/// </summary>
public static class MedPayIQDiagnostics
{
    /// <summary>The name of the meter and of the activity source: <c>MedPayIQ</c>.</summary>
    public const string Name = "MedPayIQ";

    /// <summary>The name of the health check <c>AddHealthChecks().AddMedPayIQ()</c> adds: <c>medpayiq</c> (tag <c>medpayiq</c>).</summary>
    public const string HealthCheckName = "medpayiq";

    /// <summary>Counter: claim lines priced (tag <c>medpayiq.priced</c>: whether the line got a fee schedule amount).</summary>
    public const string LinesPriced = "medpayiq.lines.priced";

    /// <summary>Counter: NCCI edits that fired (tag <c>medpayiq.ncci.finding</c>: the kind of finding).</summary>
    public const string NcciEditsFired = "medpayiq.ncci.edits.fired";

    /// <summary>Histogram: how long a release took to load, milliseconds (tag <c>medpayiq.release</c>).</summary>
    public const string ReleaseLoadDuration = "medpayiq.release.load.duration";

    /// <summary>Counter: release loads (tags <c>medpayiq.release</c> and <c>medpayiq.result</c>: <c>success</c> or <c>failure</c>).</summary>
    public const string ReleaseLoads = "medpayiq.release.loads";

    /// <summary>Counter: snapshots swapped in.</summary>
    public const string SnapshotSwaps = "medpayiq.snapshot.swaps";

    internal static readonly ActivitySource ActivitySource = new(Name);
}

/// <summary>The instruments of one service, on a meter of its own (from <see cref="IMeterFactory"/> when there is one).</summary>
internal sealed class MedPayIQInstruments : IDisposable
{
    private readonly Meter? _owned;

    public MedPayIQInstruments(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(MedPayIQDiagnostics.Name) ?? (_owned = new Meter(MedPayIQDiagnostics.Name));
        LinesPriced = meter.CreateCounter<long>(MedPayIQDiagnostics.LinesPriced, "{line}", "Claim lines priced");
        NcciEditsFired = meter.CreateCounter<long>(MedPayIQDiagnostics.NcciEditsFired, "{edit}", "NCCI edits that fired");
        ReleaseLoadDuration = meter.CreateHistogram<long>(MedPayIQDiagnostics.ReleaseLoadDuration, "ms", "Time to load a fee schedule release");
        ReleaseLoads = meter.CreateCounter<long>(MedPayIQDiagnostics.ReleaseLoads, "{load}", "Fee schedule release loads");
        SnapshotSwaps = meter.CreateCounter<long>(MedPayIQDiagnostics.SnapshotSwaps, "{swap}", "Snapshots swapped in");
    }

    public Counter<long> LinesPriced { get; }

    public Counter<long> NcciEditsFired { get; }

    public Histogram<long> ReleaseLoadDuration { get; }

    public Counter<long> ReleaseLoads { get; }

    public Counter<long> SnapshotSwaps { get; }

    public void Dispose() => _owned?.Dispose();
}
