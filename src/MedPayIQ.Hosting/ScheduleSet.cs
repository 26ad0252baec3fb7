using System.Collections.Immutable;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Hosting;

/// <summary>
/// The other Part B schedules a snapshot prices with (CLFS, DMEPOS and PEN, DMEPOS ZIP codes, former-CBA, ASP): the
/// packaged ones (with the packaged releases), then those of the releases folder, found and loaded as the command-line
/// tool finds them (<see cref="ReleaseFolder.FindSchedules"/>), each replacing a packaged one of its kind and quarter.
/// The packaged ones are read on first use. Immutable and thread-safe.
/// </summary>
internal sealed class ScheduleSet
{
    public static readonly ScheduleSet None = new([], packaged: false, string.Empty);

    private readonly Lazy<ImmutableArray<QuarterlySchedule>> _all;

    public ScheduleSet(ImmutableArray<(ScheduleFileLocation Location, QuarterlySchedule Schedule)> files, bool packaged, string fingerprint)
    {
        Files = files;
        Packaged = packaged;
        Fingerprint = fingerprint;
        _all = new(() => [.. (packaged ? PackagedSchedules() : []), .. files.Select(f => f.Schedule)], LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The releases folder's schedule files loaded, by path.</summary>
    public ImmutableArray<(ScheduleFileLocation Location, QuarterlySchedule Schedule)> Files { get; }

    /// <summary>Whether the packaged schedules come first.</summary>
    public bool Packaged { get; }

    /// <summary>The packaged flag and each file's path and fingerprint: equal when nothing changed.</summary>
    public string Fingerprint { get; }

    public bool IsEmpty => Files.IsEmpty && !Packaged;

    /// <summary>A catalog with every schedule of the set added.</summary>
    public FeeScheduleCatalog Apply(FeeScheduleCatalog catalog) => _all.Value.Aggregate(catalog, (c, s) => c.With(s));

    private static IEnumerable<QuarterlySchedule> PackagedSchedules()
        => [.. PackagedFeeSchedules.DmeposFormerCba, .. PackagedFeeSchedules.ClinicalLab, .. PackagedFeeSchedules.Dmepos, .. PackagedFeeSchedules.DmeposNutrition, .. PackagedFeeSchedules.DmeposZipFiles];
}
