using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Data;

/// <summary>The kinds of CMS file of the other Part B schedules, as their names tell them.</summary>
internal enum PartBFileKind
{
    ClinicalLab,
    Dmepos,
    DmeposZipCodes,
    DmeposFormerCba,
    PartBDrugs,
}

/// <summary>
/// The CLFS, DMEPOS (and PEN), DMEPOS rural ZIP code, former-CBA and ASP files by CMS's names, for a <c>--data</c> folder
/// and for <c>data add</c>: *CLFS* (.csv, .txt, .xlsx or CMS's zip), DMEPOS*/DMEPEN* (.csv, .xlsx, .zip), DME*ZIP*
/// (.csv, .xlsx, .zip), *CBA* (.csv, .xlsx, .zip), *ASP* (.csv or .zip).
/// </summary>
internal static class PartBScheduleFiles
{
    /// <summary>The kind a file's name gives, or <c>null</c> when it is none of them.</summary>
    public static PartBFileKind? KindOf(string fileName)
    {
        string name = Path.GetFileName(fileName).ToUpperInvariant(), stem = Path.GetFileNameWithoutExtension(name); // "ZIP" in the name, not the extension
        bool csv = name.EndsWith(".CSV", StringComparison.Ordinal), zip = name.EndsWith(".ZIP", StringComparison.Ordinal), xlsx = name.EndsWith(".XLSX", StringComparison.Ordinal);
        bool table = csv || zip || xlsx;
        if (stem.Contains("CLFS", StringComparison.Ordinal) && (table || name.EndsWith(".TXT", StringComparison.Ordinal)))
        {
            return PartBFileKind.ClinicalLab;
        }

        if (name.StartsWith("DME", StringComparison.Ordinal) && stem.Contains("ZIP", StringComparison.Ordinal) && table)
        {
            return PartBFileKind.DmeposZipCodes;
        }

        if ((name.StartsWith("DMEPOS", StringComparison.Ordinal) || name.StartsWith("DMEPEN", StringComparison.Ordinal)) && table)
        {
            return PartBFileKind.Dmepos;
        }

        if (stem.Contains("CBA", StringComparison.Ordinal) && table)
        {
            return PartBFileKind.DmeposFormerCba;
        }

        return stem.Contains("ASP", StringComparison.Ordinal) && (csv || zip) ? PartBFileKind.PartBDrugs : null;
    }

    /// <summary>Loads a file of a kind; its format exception when it is not whole.</summary>
    public static QuarterlySchedule Load(PartBFileKind kind, string path) => kind switch
    {
        PartBFileKind.ClinicalLab => ClinicalLabLoader.Load(path, null),
        PartBFileKind.Dmepos => DmeposLoader.Load(path, null),
        PartBFileKind.DmeposZipCodes => DmeposLoader.LoadZipCodes(path, null),
        PartBFileKind.DmeposFormerCba => DmeposLoader.LoadFormerCba(path, null),
        _ => DrugPaymentLimitLoader.Load(path, null),
    };

    /// <summary>A schedule's name, size and provenance, for messages and listings.</summary>
    public static (string Name, string Size, ReleaseProvenance Provenance) Describe(QuarterlySchedule schedule) => (schedule.Name, schedule switch
    {
        ClinicalLabFeeSchedule s => Cli.Invariant($"{s.Rows.Length:N0} rates, {s.CodeCount:N0} codes"),
        DmeposFeeSchedule s => Cli.Invariant($"{s.Rows.Length:N0} rows, {s.CodeCount:N0} codes, {s.States.Length} states"),
        DmeposZipFile s => Cli.Invariant($"{s.Count:N0} ZIP codes, {s.RuralCount:N0} rural"),
        DmeposFormerCbaSchedule s => Cli.Invariant($"{s.Rows.Length:N0} rows, {s.Areas.Length} former CBAs"),
        DrugPaymentLimits s => Cli.Invariant($"{s.CodeCount:N0} drug codes"),
        _ => throw new ArgumentOutOfRangeException(nameof(schedule)),
    }, schedule.Provenance);

    /// <summary>
    /// The rows of a schedule, and of the smallest packaged one of its kind (<c>null</c>: none packaged, as for ASP): a
    /// file with far fewer rows was cut short between two rows, which its loader cannot see.
    /// </summary>
    public static (int Rows, int? Packaged) Rows(QuarterlySchedule schedule) => schedule switch
    {
        ClinicalLabFeeSchedule s => (s.Rows.Length, MedPayIQ.Pricing.Data.PackagedFeeSchedules.ClinicalLab.Min(p => p.Rows.Length)),
        DmeposFeeSchedule { IsNutrition: true } s => (s.Rows.Length, MedPayIQ.Pricing.Data.PackagedFeeSchedules.DmeposNutrition.Min(p => p.Rows.Length)),
        DmeposFeeSchedule s => (s.Rows.Length, MedPayIQ.Pricing.Data.PackagedFeeSchedules.Dmepos.Min(p => p.Rows.Length)),
        DmeposZipFile s => (s.Count, MedPayIQ.Pricing.Data.PackagedFeeSchedules.DmeposZipFiles.Min(p => p.Count)),
        DmeposFormerCbaSchedule s => (s.Rows.Length, MedPayIQ.Pricing.Data.PackagedFeeSchedules.DmeposFormerCba.Min(p => p.Rows.Length)),
        DrugPaymentLimits s => (s.CodeCount, null),
        _ => (0, null),
    };
}
