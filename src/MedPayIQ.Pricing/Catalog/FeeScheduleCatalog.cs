using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace MedPayIQ.Pricing;

/// <summary>How well a release fits a date of service.</summary>
public enum ReleaseMatch
{
    /// <summary>No loaded release covers the date: it is before the first, or in a year with no release loaded.</summary>
    None,
    /// <summary>The release in force: the latest loaded release effective on or before the date, within its quarter.</summary>
    InForce,
    /// <summary>
    /// The latest loaded release of the date's year, used for a date past its quarter because the later quarterly
    /// release is not loaded: price with care (Medium confidence).
    /// </summary>
    LaterReleaseMissing,
}

/// <summary>The release chosen for a date of service, and why.</summary>
/// <param name="Release">The release, or <c>null</c> when <paramref name="Match"/> is <see cref="ReleaseMatch.None"/>.</param>
/// <param name="Match">How well it fits.</param>
/// <param name="Reason">A sentence for the user.</param>
public readonly record struct ReleaseResolution(FeeScheduleRelease? Release, ReleaseMatch Match, string Reason);

/// <summary>
/// Several fee schedule releases side by side, picking the one in force for a date of service. Immutable: adding a
/// release returns a new catalog, so a service can swap catalogs atomically while requests finish on the old one.
/// </summary>
public sealed class FeeScheduleCatalog
{
    private readonly FeeScheduleRelease[] _releases; // by EffectiveFrom, then id

    private FeeScheduleCatalog(FeeScheduleRelease[] releases) => _releases = releases;

    /// <summary>An empty catalog.</summary>
    public static FeeScheduleCatalog Empty { get; } = new([]);

    /// <summary>Creates a catalog; two releases with the same id are an error.</summary>
    public static FeeScheduleCatalog Create(IEnumerable<FeeScheduleRelease> releases)
    {
        ArgumentNullException.ThrowIfNull(releases);
        var list = releases.OrderBy(r => r.EffectiveFrom).ThenBy(r => r.Id).ToArray();
        var dup = list.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new ArgumentException($"Release {dup.Key} is given twice.", nameof(releases));
        }

        return new FeeScheduleCatalog(list);
    }

    /// <summary>A new catalog with <paramref name="release"/> added, replacing a loaded release of the same id.</summary>
    public FeeScheduleCatalog With(FeeScheduleRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return Create(_releases.Where(r => r.Id != release.Id).Append(release));
    }

    /// <summary>Releases by effective date.</summary>
    public ImmutableArray<FeeScheduleRelease> Releases => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_releases);

    /// <summary>Finds a release by id (RVU25D).</summary>
    public bool TryGetRelease(ReleaseId id, [NotNullWhen(true)] out FeeScheduleRelease? release)
    {
        release = Array.Find(_releases, r => r.Id == id);
        return release is not null;
    }

    /// <summary>
    /// The release for a date of service: the latest loaded release whose effective date is on or before it, in the
    /// date's year. A date past that release's quarter (a later quarterly release of the year is not loaded) is
    /// answered with <see cref="ReleaseMatch.LaterReleaseMissing"/>; a date in a year with no release, with
    /// <see cref="ReleaseMatch.None"/> (each year has its own conversion factor and RVUs). Allocates nothing when a release is found.
    /// </summary>
    /// <example>
    /// With RVU25A, RVU25D and RVU26C loaded: 2025-10-15 is <c>InForce</c> with RVU25D; 2025-06-02 is
    /// <c>LaterReleaseMissing</c> with RVU25A (RVU25B and C are not loaded, so RVU25A's amounts may be stale); 2027-01-04
    /// is <c>None</c>: 2026's release is never used for a 2027 date.
    /// <code>
    /// var resolution = catalog.Resolve(new DateOnly(2025, 6, 2));
    /// if (resolution.Release is { } release) { /* resolution.Match, resolution.Reason */ }
    /// </code>
    /// </example>
    public ReleaseResolution Resolve(DateOnly dateOfService)
    {
        FeeScheduleRelease? best = null;
        foreach (var r in _releases) // the loop of InForceIndex, without its delegates (this is every priced line's path)
        {
            if (InForce(r.EffectiveFrom, r.Id, dateOfService))
            {
                best = r;
            }
        }

        if (best is null)
        {
            return new ReleaseResolution(null, ReleaseMatch.None, _releases.Length == 0
                ? "No fee schedule release is loaded."
                : $"No fee schedule release loaded for {dateOfService.Year} is effective on {dateOfService:yyyy-MM-dd}; loaded: {string.Join(", ", _releases.Select(r => r.Id))}.");
        }

        if (dateOfService > best.NominalEffectiveThrough)
        {
            return new ReleaseResolution(best, ReleaseMatch.LaterReleaseMissing,
                $"{best.Id} covers dates through {best.NominalEffectiveThrough:yyyy-MM-dd}; the later {dateOfService.Year} release is not loaded, so {dateOfService:yyyy-MM-dd} is priced with {best.Id}.");
        }

        return new ReleaseResolution(best, ReleaseMatch.InForce, InForceReason(best));
    }

    private static string InForceReason(FeeScheduleRelease r) => r.InForceReason;

    /// <summary>
    /// The rule <see cref="Resolve"/> follows, for releases known before they are loaded (a host that loads them on first
    /// use asks it, so that it and the catalog never disagree): among <paramref name="releases"/>, sorted by effective
    /// date then id, the index of the one in force on <paramref name="dateOfService"/>: the latest effective on or before
    /// it, of the date's year (each year has its own conversion factor and RVUs); -1 when none is.
    /// </summary>
    /// <typeparam name="T">What the caller holds for a release.</typeparam>
    /// <param name="releases">The releases, by effective date then id.</param>
    /// <param name="id">A release's id.</param>
    /// <param name="effectiveFrom">A release's first date of service.</param>
    /// <param name="dateOfService">The date of service.</param>
    public static int InForceIndex<T>(IReadOnlyList<T> releases, Func<T, ReleaseId> id, Func<T, DateOnly> effectiveFrom, DateOnly dateOfService)
    {
        ArgumentNullException.ThrowIfNull(releases);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(effectiveFrom);
        int best = -1;
        for (int i = 0; i < releases.Count; i++)
        {
            var r = releases[i];
            if (InForce(effectiveFrom(r), id(r), dateOfService))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Whether a release may be the one in force on a date: effective on or before it, of the date's year (the latest such wins).</summary>
    private static bool InForce(DateOnly effectiveFrom, ReleaseId id, DateOnly dateOfService) => effectiveFrom <= dateOfService && id.Year == dateOfService.Year;
}
