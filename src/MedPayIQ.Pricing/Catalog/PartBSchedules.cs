using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>The CLFS, DMEPOS and ASP files of a catalog, each kind by effective date. Immutable.</summary>
internal sealed class PartBSchedules
{
    public static readonly PartBSchedules Empty = new([], [], [], [], [], []);

    private PartBSchedules(ImmutableArray<ClinicalLabFeeSchedule> lab, ImmutableArray<DmeposFeeSchedule> dme, ImmutableArray<DmeposZipFile> dmeZips, ImmutableArray<DrugPaymentLimits> drugs, ImmutableArray<DmeposFormerCbaSchedule> formerCba, ImmutableArray<DmeposFeeSchedule> pen)
    {
        Pen = pen;
        FormerCba = formerCba;
        Lab = lab;
        Dme = dme;
        DmeZips = dmeZips;
        Drugs = drugs;
    }

    public ImmutableArray<ClinicalLabFeeSchedule> Lab { get; }

    public ImmutableArray<DmeposFeeSchedule> Dme { get; }

    public ImmutableArray<DmeposZipFile> DmeZips { get; }

    /// <summary>The enteral and parenteral nutrition (PEN) schedules: published apart from the DMEPOS file of their quarter.</summary>
    public ImmutableArray<DmeposFeeSchedule> Pen { get; }

    public ImmutableArray<DrugPaymentLimits> Drugs { get; }

    public ImmutableArray<DmeposFormerCbaSchedule> FormerCba { get; }

    public bool IsEmpty => Lab.IsEmpty && Dme.IsEmpty && Pen.IsEmpty && Drugs.IsEmpty;

    /// <summary>
    /// These schedules with a file added to its kind's list, replacing a file of that kind and quarter (a PEN schedule
    /// has its own list beside the quarter's DMEPOS file). Every kind of <see cref="QuarterlySchedule"/> is one of these
    /// (its constructor is the library's own).
    /// </summary>
    public PartBSchedules With(QuarterlySchedule schedule) => schedule switch
    {
        ClinicalLabFeeSchedule s => new(Add(Lab, s), Dme, DmeZips, Drugs, FormerCba, Pen),
        DmeposFeeSchedule { IsNutrition: true } s => new(Lab, Dme, DmeZips, Drugs, FormerCba, Add(Pen, s)),
        DmeposFeeSchedule s => new(Lab, Add(Dme, s), DmeZips, Drugs, FormerCba, Pen),
        DmeposZipFile s => new(Lab, Dme, Add(DmeZips, s), Drugs, FormerCba, Pen),
        DrugPaymentLimits s => new(Lab, Dme, DmeZips, Add(Drugs, s), FormerCba, Pen),
        DmeposFormerCbaSchedule s => new(Lab, Dme, DmeZips, Drugs, Add(FormerCba, s), Pen),
        _ => throw NotAKind(schedule),
    };

    /// <summary>Refuses a schedule of a kind <see cref="With"/> does not hold (before a deferred group is loaded, not when a line asks).</summary>
    public static void CheckKind(QuarterlySchedule schedule)
    {
        if (schedule is not (ClinicalLabFeeSchedule or DmeposFeeSchedule or DmeposZipFile or DrugPaymentLimits or DmeposFormerCbaSchedule))
        {
            throw NotAKind(schedule);
        }
    }

    private static ArgumentException NotAKind(QuarterlySchedule schedule)
        => new($"{schedule.GetType().Name} is not a schedule file kind this library loads.", nameof(schedule));

    private static ImmutableArray<T> Add<T>(ImmutableArray<T> list, T item)
        where T : QuarterlySchedule
        => [.. list.Where(x => x.EffectiveFrom != item.EffectiveFrom).Append(item).OrderBy(x => x.EffectiveFrom)];

    /// <summary>
    /// The file for a date of service, as the catalog picks RVU releases: the latest of the date's year effective on or
    /// before it (<see cref="ReleaseMatch.InForce"/> within its quarter, else <see cref="ReleaseMatch.LaterReleaseMissing"/>);
    /// else, under <see cref="ReleaseSelection.Nearest"/>, the first of the year after it (<see cref="ReleaseMatch.EarlierReleaseMissing"/>).
    /// Allocates nothing.
    /// </summary>
    public static T? Resolve<T>(ImmutableArray<T> list, DateOnly dateOfService, ReleaseSelection selection, out ReleaseMatch match)
        where T : QuarterlySchedule
    {
        T? best = null, later = null;
        int year = dateOfService.Year; // once: a date's year is a division of its day number
        foreach (var s in list)
        {
            if (s.Year != year)
            {
                continue;
            }

            if (s.EffectiveFrom <= dateOfService)
            {
                best = s;
            }
            else
            {
                later ??= s;
            }
        }

        if (best is not null)
        {
            match = dateOfService <= best.NominalEffectiveThrough ? ReleaseMatch.InForce : ReleaseMatch.LaterReleaseMissing;
            if (match != ReleaseMatch.InForce && selection == ReleaseSelection.Exact)
            {
                match = ReleaseMatch.None;
                return null;
            }

            return best;
        }

        match = later is not null && selection == ReleaseSelection.Nearest ? ReleaseMatch.EarlierReleaseMissing : ReleaseMatch.None;
        return match == ReleaseMatch.None ? null : later;
    }

    /// <summary>The confidence a match gives, and why.</summary>
    public static (PriceConfidence Confidence, string Reason) Assess(QuarterlySchedule schedule, ReleaseMatch match) => match switch
    {
        ReleaseMatch.InForce => (PriceConfidence.High, "the schedule in force on the date of service"),
        ReleaseMatch.LaterReleaseMissing => (PriceConfidence.Medium, $"{schedule.Name} covers dates through {schedule.NominalEffectiveThrough:yyyy-MM-dd}; the later file of the year is not loaded"),
        _ => (PriceConfidence.Low, $"the file in force is not loaded; {schedule.Name}, a later file of the year, is used"),
    };
}

/// <summary>
/// A catalog's other Part B schedules: loaded, or made of files loaded the first time a line or a caller needs them
/// (<see cref="FeeScheduleCatalog.WithDeferredSchedules"/>). Each source is the one before it with a file or a deferred
/// group added, so files added after a deferred group replace its files as if it had been loaded first. Thread-safe: a
/// source is built once (others wait) and shared by the catalogs made from one another.
/// </summary>
internal sealed class PartBSource
{
    public static readonly PartBSource Empty = new(PartBSchedules.Empty);

    private readonly PartBSource? _before;
    private readonly QuarterlySchedule? _added;
    private readonly Func<IEnumerable<QuarterlySchedule>>? _load;
    private readonly Lock? _gate;
    private PartBSchedules? _schedules;

    private PartBSource(PartBSchedules schedules) => _schedules = schedules;

    private PartBSource(PartBSource before, QuarterlySchedule? added, Func<IEnumerable<QuarterlySchedule>>? load)
    {
        _before = before;
        _added = added;
        _load = load;
        _gate = new Lock();
    }

    /// <summary>The schedules when they are loaded; <c>null</c> while a deferred group is not.</summary>
    public PartBSchedules? Loaded => Volatile.Read(ref _schedules);

    /// <summary>The schedules, loaded now if a deferred group is not yet.</summary>
    public PartBSchedules Schedules => Loaded ?? Build();

    /// <summary>With a file added (loaded at once when these schedules are; else after the deferred ones).</summary>
    public PartBSource With(QuarterlySchedule schedule)
    {
        if (Loaded is { } loaded)
        {
            var added = loaded.With(schedule); // a kind this library does not load is refused now, not when a line asks
            return new PartBSource(added);
        }

        PartBSchedules.CheckKind(schedule);
        return new PartBSource(this, schedule, null);
    }

    /// <summary>With a group of files loaded when first needed.</summary>
    public PartBSource WithDeferred(Func<IEnumerable<QuarterlySchedule>> load) => new(this, null, load);

    private PartBSchedules Build()
    {
        lock (_gate!)
        {
            if (_schedules is { } built)
            {
                return built;
            }

            var schedules = _before!.Schedules;
            if (_added is not null)
            {
                schedules = schedules.With(_added);
            }
            else
            {
                foreach (var schedule in _load!() ?? throw new InvalidOperationException("The deferred schedule files were loaded as null."))
                {
                    schedules = schedules.With(schedule ?? throw new InvalidOperationException("A deferred schedule file was loaded as null."));
                }
            }

            Volatile.Write(ref _schedules, schedules);
            return schedules;
        }
    }

    /// <summary>
    /// The files of a date of service: resolved now when loaded (<paramref name="p"/> filled), else left pending
    /// (<see cref="PartBContext.Ready"/> resolves them when a line needs them); <paramref name="load"/>: loaded now if deferred.
    /// </summary>
    public void Resolve(ref PartBContext p, DateOnly dateOfService, ReleaseSelection selection, bool load = false)
    {
        var loaded = load ? Schedules : Loaded;
        if (loaded is null)
        {
            p.Pending = this;
            p.Date = dateOfService;
            p.Selection = selection;
            return;
        }

        if (!loaded.IsEmpty)
        {
            p.Lab = PartBSchedules.Resolve(loaded.Lab, dateOfService, selection, out p.LabMatch);
            p.Dme = PartBSchedules.Resolve(loaded.Dme, dateOfService, selection, out p.DmeMatch);
            p.Pen = PartBSchedules.Resolve(loaded.Pen, dateOfService, selection, out p.PenMatch);
            p.DmeZips = PartBSchedules.Resolve(loaded.DmeZips, dateOfService, selection, out p.DmeZipMatch);
            p.FormerCba = PartBSchedules.Resolve(loaded.FormerCba, dateOfService, selection, out _);
            p.Drugs = PartBSchedules.Resolve(loaded.Drugs, dateOfService, selection, out p.DrugMatch);
        }
    }
}
