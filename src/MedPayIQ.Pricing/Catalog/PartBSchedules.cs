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
        _ => throw new ArgumentException($"{schedule.GetType().Name} is not a schedule file kind this library loads.", nameof(schedule)),
    };

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
        foreach (var s in list)
        {
            if (s.Year != dateOfService.Year)
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
