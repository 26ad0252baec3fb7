using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>A quarterly schedule file: what picking one by date of service needs.</summary>
internal interface IQuarterlySchedule
{
    string Name { get; }

    int Year { get; }

    DateOnly EffectiveFrom { get; }

    DateOnly NominalEffectiveThrough { get; }
}

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

    public PartBSchedules With(ClinicalLabFeeSchedule s) => new(Add(Lab, s), Dme, DmeZips, Drugs, FormerCba, Pen);

    public PartBSchedules With(DmeposFeeSchedule s) => s.IsNutrition ? new(Lab, Dme, DmeZips, Drugs, FormerCba, Add(Pen, s)) : new(Lab, Add(Dme, s), DmeZips, Drugs, FormerCba, Pen);

    public PartBSchedules With(DmeposZipFile s) => new(Lab, Dme, Add(DmeZips, s), Drugs, FormerCba, Pen);

    public PartBSchedules With(DrugPaymentLimits s) => new(Lab, Dme, DmeZips, Add(Drugs, s), FormerCba, Pen);

    public PartBSchedules With(DmeposFormerCbaSchedule s) => new(Lab, Dme, DmeZips, Drugs, Add(FormerCba, s), Pen);

    private static ImmutableArray<T> Add<T>(ImmutableArray<T> list, T item)
        where T : class, IQuarterlySchedule
        => [.. list.Where(x => x.EffectiveFrom != item.EffectiveFrom).Append(item).OrderBy(x => x.EffectiveFrom)];

    /// <summary>
    /// The file for a date of service, as the catalog picks RVU releases: the latest of the date's year effective on or
    /// before it (<see cref="ReleaseMatch.InForce"/> within its quarter, else <see cref="ReleaseMatch.LaterReleaseMissing"/>);
    /// else, under <see cref="ReleaseSelection.Nearest"/>, the first of the year after it (<see cref="ReleaseMatch.EarlierReleaseMissing"/>).
    /// Allocates nothing.
    /// </summary>
    public static T? Resolve<T>(ImmutableArray<T> list, DateOnly dateOfService, ReleaseSelection selection, out ReleaseMatch match)
        where T : class, IQuarterlySchedule
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
    public static (PriceConfidence Confidence, string Reason) Assess(IQuarterlySchedule schedule, ReleaseMatch match) => match switch
    {
        ReleaseMatch.InForce => (PriceConfidence.High, "the schedule in force on the date of service"),
        ReleaseMatch.LaterReleaseMissing => (PriceConfidence.Medium, $"{schedule.Name} covers dates through {schedule.NominalEffectiveThrough:yyyy-MM-dd}; the later file of the year is not loaded"),
        _ => (PriceConfidence.Low, $"the file in force is not loaded; {schedule.Name}, a later file of the year, is used"),
    };
}
