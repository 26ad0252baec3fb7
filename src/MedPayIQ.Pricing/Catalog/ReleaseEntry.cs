namespace MedPayIQ.Pricing;

/// <summary>
/// A catalog's release: loaded, or known by its id and loaded the first time a date of service or a lookup needs it
/// (<see cref="FeeScheduleCatalog.CreateDeferred"/>). The id and effective date are known before the load, so a catalog
/// picks a date's release without loading the others. Thread-safe: a deferred release is loaded once, and catalogs
/// made from one another share the entry.
/// </summary>
internal sealed class ReleaseEntry
{
    private readonly Lazy<FeeScheduleRelease>? _load;
    private readonly FeeScheduleRelease? _release;

    public ReleaseEntry(FeeScheduleRelease release)
    {
        _release = release;
        Id = release.Id;
        EffectiveFrom = release.EffectiveFrom;
    }

    public ReleaseEntry(ReleaseId id, Func<ReleaseId, FeeScheduleRelease> load)
    {
        Id = id;
        EffectiveFrom = id.QuarterStart;
        _load = new Lazy<FeeScheduleRelease>(() => Checked(id, load(id)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ReleaseId Id { get; }

    public DateOnly EffectiveFrom { get; }

    /// <summary>The release, loaded now if it was deferred.</summary>
    public FeeScheduleRelease Release => _release ?? _load!.Value;

    private static FeeScheduleRelease Checked(ReleaseId id, FeeScheduleRelease? loaded)
    {
        if (loaded is null)
        {
            throw new InvalidOperationException($"The deferred release {id} was loaded as null.");
        }

        if (loaded.Id != id || loaded.EffectiveFrom != id.QuarterStart)
        {
            throw new InvalidOperationException(
                $"The deferred release {id} (effective {id.QuarterStart:yyyy-MM-dd}) was loaded as {loaded.Id} effective {loaded.EffectiveFrom:yyyy-MM-dd}: a catalog picks releases by the id and date it was given, so they must agree.");
        }

        return loaded;
    }
}
