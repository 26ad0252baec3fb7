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
    /// <summary>
    /// No loaded release of the date's year is effective on it (the year's earlier quarterly releases are not loaded):
    /// the nearest loaded release of the same year, the first effective after the date, is used. Never a release of
    /// another year. Price with great care (Low confidence); <see cref="ReleaseSelection.Exact"/> refuses instead.
    /// </summary>
    EarlierReleaseMissing,
}

/// <summary>How a catalog picks a release for a date of service when the release in force is not loaded.</summary>
public enum ReleaseSelection
{
    /// <summary>
    /// The default: the release in force; else the latest loaded of the date's year before it
    /// (<see cref="ReleaseMatch.LaterReleaseMissing"/>); else the nearest loaded of the same year after it
    /// (<see cref="ReleaseMatch.EarlierReleaseMissing"/>). Never a release of another year.
    /// </summary>
    Nearest,

    /// <summary>The release in force on the date only (its quarterly release); a date it does not cover is not priced (<see cref="ReleaseMatch.None"/>).</summary>
    Exact,
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
    private readonly ReleaseEntry[] _releases; // by EffectiveFrom, then id
    private readonly PartBSource _partB;
    private readonly ImmutableArray<ReleaseId> _ids;
    private FeeScheduleRelease[]? _loaded;     // every release, once asked for (Releases)

    private FeeScheduleCatalog(ReleaseEntry[] releases, PartBSource? partB = null)
    {
        _releases = releases;
        _ids = [.. releases.Select(r => r.Id)];
        _partB = partB ?? PartBSource.Empty;
    }

    /// <summary>An empty catalog.</summary>
    public static FeeScheduleCatalog Empty { get; } = new([]);

    /// <summary>Creates a catalog; two releases with the same id are an error.</summary>
    public static FeeScheduleCatalog Create(IEnumerable<FeeScheduleRelease> releases)
    {
        ArgumentNullException.ThrowIfNull(releases);
        return new FeeScheduleCatalog(Sorted(releases.Select(r => new ReleaseEntry(r ?? throw new ArgumentException("A release is null.", nameof(releases)))), nameof(releases)));
    }

    /// <summary>
    /// Creates a catalog of releases known by their ids and loaded the first time they are needed: when a date of
    /// service falls to one (<see cref="Resolve(DateOnly, ReleaseSelection)"/>, pricing), when
    /// <see cref="TryGetRelease"/> asks for it, or when <see cref="Releases"/> is read (all of them). A run that prices
    /// one quarter's claims loads that quarter's release only. Each is loaded once, on one thread (others wait), and
    /// shared by the catalogs made from this one (<see cref="With(FeeScheduleRelease)"/>,
    /// <see cref="With(QuarterlySchedule)"/>). Two ids alike are an error.
    /// </summary>
    /// <remarks>
    /// A release is picked by the id and effective date known before it is loaded: its id's first day
    /// (<see cref="ReleaseId.QuarterStart"/>). <paramref name="load"/> must return the release of that id effective on
    /// that day; any other answer is an <see cref="InvalidOperationException"/> when it is loaded, as is an exception
    /// of <paramref name="load"/> (thrown again at each use). <c>PackagedFeeSchedules.Catalog</c> is made this way.
    /// </remarks>
    /// <param name="releaseIds">The releases' ids.</param>
    /// <param name="load">Loads a release by its id.</param>
    public static FeeScheduleCatalog CreateDeferred(IEnumerable<ReleaseId> releaseIds, Func<ReleaseId, FeeScheduleRelease> load)
    {
        ArgumentNullException.ThrowIfNull(releaseIds);
        ArgumentNullException.ThrowIfNull(load);
        return new FeeScheduleCatalog(Sorted(releaseIds.Select(id => new ReleaseEntry(id, load)), nameof(releaseIds)));
    }

    private static ReleaseEntry[] Sorted(IEnumerable<ReleaseEntry> entries, string parameter)
    {
        var list = entries.OrderBy(r => r.EffectiveFrom).ThenBy(r => r.Id).ToArray();
        var ids = new HashSet<ReleaseId>();
        foreach (var entry in list)
        {
            if (!ids.Add(entry.Id))
            {
                throw new ArgumentException($"Release {entry.Id} is given twice.", parameter);
            }
        }

        return list;
    }

    /// <summary>
    /// A new catalog with <paramref name="release"/> added, replacing a loaded release of the same id. The other
    /// releases stay as they were: a deferred one (<see cref="CreateDeferred"/>) is still loaded only when needed.
    /// </summary>
    public FeeScheduleCatalog With(FeeScheduleRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return new FeeScheduleCatalog(Sorted(_releases.Where(r => r.Id != release.Id).Append(new ReleaseEntry(release)), nameof(release)), _partB);
    }

    /// <summary>
    /// A new catalog with a quarter's schedule file added (a Clinical Laboratory Fee Schedule, DMEPOS, PEN or former
    /// competitive bidding area fee schedule, DMEPOS rural ZIP code file, or drug payment limit file), replacing a
    /// loaded file of the same kind and quarter. A PEN schedule (<see cref="DmeposFeeSchedule.IsNutrition"/>) is kept
    /// beside the quarter's DMEPOS file, replacing a PEN schedule of the same quarter.
    /// </summary>
    /// <param name="schedule">The file, as its loader returns it (<see cref="ClinicalLabLoader"/>, <see cref="DmeposLoader"/>, <see cref="DrugPaymentLimitLoader"/>).</param>
    public FeeScheduleCatalog With(QuarterlySchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return new FeeScheduleCatalog(_releases, _partB.With(schedule));
    }

    /// <summary>
    /// A new catalog with schedule files (as <see cref="With(QuarterlySchedule)"/>, in their order) loaded the first
    /// time they are needed: when a line's code is not paid by the physician fee schedule (no row of its modifier, or
    /// status X, E, I or N: only then may another Part B schedule price it), or when a list of schedules
    /// (<see cref="ClinicalLabSchedules"/>, <see cref="DmeposSchedules"/>...) is read. Claims of physician services
    /// alone never load them. Files added later with <see cref="With(QuarterlySchedule)"/> replace these as if added
    /// after them. Loaded once, on one thread (others wait); an exception of <paramref name="load"/> is thrown again at
    /// each use. <c>PackagedFeeSchedules.Catalog</c> holds the packaged CLFS, DMEPOS and PEN files this way.
    /// </summary>
    /// <param name="load">Loads the files.</param>
    public FeeScheduleCatalog WithDeferredSchedules(Func<IEnumerable<QuarterlySchedule>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        return new FeeScheduleCatalog(_releases, _partB.WithDeferred(load));
    }

    /// <summary>The former competitive bidding area DMEPOS fee schedules, by effective date.</summary>
    public ImmutableArray<DmeposFormerCbaSchedule> DmeposFormerCbaSchedules => _partB.Schedules.FormerCba;

    /// <summary>The DMEPOS fee schedule quarters, by effective date.</summary>
    public ImmutableArray<DmeposFeeSchedule> DmeposSchedules => _partB.Schedules.Dme;

    /// <summary>The enteral and parenteral nutrition (PEN) fee schedules loaded (<see cref="DmeposFeeSchedule.IsNutrition"/>), by quarter; a line the quarter's DMEPOS file has no row for is priced from its PEN schedule.</summary>
    public ImmutableArray<DmeposFeeSchedule> DmeposNutritionSchedules => _partB.Schedules.Pen;

    /// <summary>The DMEPOS rural and former-CBA ZIP code files, by effective date.</summary>
    public ImmutableArray<DmeposZipFile> DmeposZipFiles => _partB.Schedules.DmeZips;

    /// <summary>The Part B drug payment limit (ASP) quarters, by effective date.</summary>
    public ImmutableArray<DrugPaymentLimits> DrugPaymentLimits => _partB.Schedules.Drugs;

    /// <summary>The Clinical Laboratory Fee Schedule quarters, by effective date.</summary>
    public ImmutableArray<ClinicalLabFeeSchedule> ClinicalLabSchedules => _partB.Schedules.Lab;

    /// <summary>The other Part B schedules (CLFS, DMEPOS, ASP), loaded or deferred.</summary>
    internal PartBSource PartB => _partB;

    /// <summary>Releases by effective date; a deferred release (<see cref="CreateDeferred"/>) is loaded now.</summary>
    public ImmutableArray<FeeScheduleRelease> Releases
        => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_loaded ??= Array.ConvertAll(_releases, r => r.Release));

    /// <summary>The ids of the releases, by effective date, without loading a deferred one.</summary>
    public ImmutableArray<ReleaseId> ReleaseIds => _ids;

    /// <summary>Finds a release by id (RVU25D); a deferred release (<see cref="CreateDeferred"/>) is loaded now.</summary>
    public bool TryGetRelease(ReleaseId id, [NotNullWhen(true)] out FeeScheduleRelease? release)
    {
        release = Array.Find(_releases, r => r.Id == id)?.Release;
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
    public ReleaseResolution Resolve(DateOnly dateOfService) => Resolve(dateOfService, ReleaseSelection.Nearest);

    /// <summary>
    /// The release for a date of service under <paramref name="selection"/>: as <see cref="Resolve(DateOnly)"/> for
    /// <see cref="ReleaseSelection.Nearest"/>; only the release in force (its quarter covers the date) for
    /// <see cref="ReleaseSelection.Exact"/>, else <see cref="ReleaseMatch.None"/> with a reason naming the release that
    /// applies and the one that would have been used.
    /// </summary>
    /// <example>
    /// With RVU26B and RVU26C loaded (not RVU26A): 2026-03-02 is <c>EarlierReleaseMissing</c> with RVU26B (Low
    /// confidence; RVU26A applies), and <c>None</c> under <see cref="ReleaseSelection.Exact"/>; 2025-12-31 is <c>None</c>.
    /// </example>
    public ReleaseResolution Resolve(DateOnly dateOfService, ReleaseSelection selection)
    {
        int best = -1, later = -1, year = dateOfService.Year; // the year once: a division of the date's day number
        for (int i = 0; i < _releases.Length; i++) // the loop of InForceIndex, without its delegates (this is every priced line's path)
        {
            var r = _releases[i];
            if (InForce(r.EffectiveFrom, r.Id, dateOfService, year))
            {
                best = i;
            }
            else if (later < 0 && r.Id.Year == year && r.EffectiveFrom > dateOfService)
            {
                later = i;
            }
        }

        if (best < 0 && later < 0)
        {
            return new ReleaseResolution(null, ReleaseMatch.None, _releases.Length == 0
                ? "No fee schedule release is loaded."
                : $"No fee schedule release loaded for {dateOfService.Year} is effective on {dateOfService:yyyy-MM-dd}; loaded: {string.Join(", ", _releases.Select(r => r.Id))}.");
        }

        if (best < 0)
        {
            var used = _releases[later].Release;
            var due = QuarterRelease(dateOfService);
            return selection == ReleaseSelection.Exact
                ? new ReleaseResolution(null, ReleaseMatch.None, $"{due} is the release in force on {dateOfService:yyyy-MM-dd} and is not loaded; exact release selection refuses {used.Id}, the nearest loaded release of {dateOfService.Year}.")
                : new ReleaseResolution(used, ReleaseMatch.EarlierReleaseMissing, EarlierMissingReason(used, due, dateOfService));
        }

        var release = _releases[best].Release;
        if (dateOfService > release.NominalEffectiveThrough)
        {
            return selection == ReleaseSelection.Exact
                ? new ReleaseResolution(null, ReleaseMatch.None, $"{QuarterRelease(dateOfService)} is the release in force on {dateOfService:yyyy-MM-dd} and is not loaded; exact release selection refuses {release.Id}, which covers dates through {release.NominalEffectiveThrough:yyyy-MM-dd}.")
                : new ReleaseResolution(release, ReleaseMatch.LaterReleaseMissing,
                    $"{release.Id} covers dates through {release.NominalEffectiveThrough:yyyy-MM-dd}; the later {dateOfService.Year} release is not loaded, so {dateOfService:yyyy-MM-dd} is priced with {release.Id}.");
        }

        return new ReleaseResolution(release, ReleaseMatch.InForce, InForceReason(release));
    }

    /// <summary>The quarterly release whose quarter holds the date (RVU26A for 2026-03-02).</summary>
    internal static ReleaseId QuarterRelease(DateOnly dateOfService) => ReleaseId.Create(dateOfService.Year, (char)('A' + ((dateOfService.Month - 1) / 3)));

    /// <summary>The sentence of <see cref="ReleaseMatch.EarlierReleaseMissing"/>: the release that applies and the one used.</summary>
    internal static string EarlierMissingReason(FeeScheduleRelease used, ReleaseId due, DateOnly dateOfService)
        => $"{due} is the release in force on {dateOfService:yyyy-MM-dd} and is not loaded (no loaded {dateOfService.Year} release is effective that early); {used.Id}, effective {used.EffectiveFrom:yyyy-MM-dd}, the nearest loaded release of the year, is used.";

    private static string InForceReason(FeeScheduleRelease r) => r.InForceReason;

    /// <summary>
    /// The rule <see cref="Resolve(DateOnly)"/> follows, for releases known before they are loaded (a host that loads them on first
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
        => InForceIndex(releases, id, effectiveFrom, dateOfService, ReleaseSelection.Nearest);

    /// <summary>
    /// As <see cref="InForceIndex{T}(IReadOnlyList{T}, Func{T, ReleaseId}, Func{T, DateOnly}, DateOnly)"/> under
    /// <paramref name="selection"/>, the rule <see cref="Resolve(DateOnly, ReleaseSelection)"/> follows: with
    /// <see cref="ReleaseSelection.Nearest"/>, a date before the year's first release gets that release; with
    /// <see cref="ReleaseSelection.Exact"/>, only the release whose quarter holds the date (else -1).
    /// </summary>
    /// <typeparam name="T">What the caller holds for a release.</typeparam>
    /// <param name="releases">The releases, by effective date then id.</param>
    /// <param name="id">A release's id.</param>
    /// <param name="effectiveFrom">A release's first date of service.</param>
    /// <param name="dateOfService">The date of service.</param>
    /// <param name="selection">What to do when the release in force is not among them.</param>
    public static int InForceIndex<T>(IReadOnlyList<T> releases, Func<T, ReleaseId> id, Func<T, DateOnly> effectiveFrom, DateOnly dateOfService, ReleaseSelection selection)
    {
        ArgumentNullException.ThrowIfNull(releases);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(effectiveFrom);
        int best = -1, later = -1, year = dateOfService.Year;
        for (int i = 0; i < releases.Count; i++)
        {
            var r = releases[i];
            var (rid, from) = (id(r), effectiveFrom(r));
            if (InForce(from, rid, dateOfService, year))
            {
                best = i;
            }
            else if (later < 0 && rid.Year == year && from > dateOfService)
            {
                later = i;
            }
        }

        if (selection == ReleaseSelection.Exact)
        {
            // As Resolve: the release must reach the date (its quarter is the date's or later, as with revisions such as RVU26AR).
            return best >= 0 && id(releases[best]).Quarter >= QuarterRelease(dateOfService).Quarter ? best : -1;
        }

        return best >= 0 ? best : later;
    }

    /// <summary>Whether a release may be the one in force on a date: effective on or before it, of the date's year (the latest such wins).</summary>
    private static bool InForce(DateOnly effectiveFrom, ReleaseId id, DateOnly dateOfService, int year) => effectiveFrom <= dateOfService && id.Year == year;
}
