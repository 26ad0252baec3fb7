using System.Text.Json.Serialization;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Json;

/// <summary>
/// A release or schedule loaded: <c>releases --json</c> (the physician fee schedule's releases, then the CLFS, DMEPOS,
/// PEN, DMEPOS ZIP code, former-CBA and ASP files), and the release of <c>rvu --json</c>. <c>schedule</c> says which;
/// the conversion factor and RVU rows are a physician fee schedule release's, the rows and codes another schedule's.
/// </summary>
internal sealed record ReleaseJson(
    string Id,
    string Schedule,
    DateOnly EffectiveFrom,
    DateOnly EffectiveThrough,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? ConversionFactor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RvuRows,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Rows,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Codes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Contents,
    string Origin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? ReleasedOn,
    SourceFileJson[] Files,
    string[] Notes)
{
    public static ReleaseJson Of(FeeScheduleRelease r) => new(
        r.Id.ToString(),
        nameof(PaymentSchedule.PhysicianFeeSchedule),
        r.EffectiveFrom,
        r.NominalEffectiveThrough,
        r.ConversionFactor,
        r.Rvus.Count,
        null,
        null,
        null,
        r.Provenance.Origin,
        r.Provenance.ReleasedOn,
        FilesOf(r.Provenance),
        [.. r.Provenance.Notes]);

    /// <summary>Every release and schedule of a catalog, in the order <c>releases</c> prints them.</summary>
    public static ReleaseJson[] All(FeeScheduleCatalog catalog) =>
    [
        .. catalog.Releases.Select(Of),
        .. catalog.ClinicalLabSchedules.Select(s => Other(s.Name, "ClinicalLaboratory", s.EffectiveFrom, s.NominalEffectiveThrough, s.Rows.Length, s.CodeCount, Cli.Invariant($"{s.Rows.Length:N0} rates"), s.Provenance)),
        .. catalog.DmeposSchedules.Concat(catalog.DmeposNutritionSchedules).Select(s => Other(s.Name, s.IsNutrition ? "DmeposNutrition" : "Dmepos", s.EffectiveFrom, s.NominalEffectiveThrough, s.Rows.Length, s.CodeCount, Cli.Invariant($"{s.States.Length} states"), s.Provenance)),
        .. catalog.DmeposFormerCbaSchedules.Select(s => Other(s.Name, "DmeposFormerCba", s.EffectiveFrom, s.NominalEffectiveThrough, s.Rows.Length, s.CodeCount, Cli.Invariant($"{s.Areas.Length} former CBAs"), s.Provenance)),
        .. catalog.DmeposZipFiles.Select(s => Other(s.Name, "DmeposZipCodes", s.EffectiveFrom, s.NominalEffectiveThrough, s.Count, null, Cli.Invariant($"{s.RuralCount:N0} rural"), s.Provenance)),
        .. catalog.DrugPaymentLimits.Select(s => Other(s.Name, "PartBDrugs", s.EffectiveFrom, s.NominalEffectiveThrough, s.CodeCount, s.CodeCount, null, s.Provenance)),
    ];

    private static ReleaseJson Other(string name, string schedule, DateOnly from, DateOnly through, int rows, int? codes, string? contents, ReleaseProvenance provenance)
        => new(name, schedule, from, through, null, null, rows, codes, contents, provenance.Origin, provenance.ReleasedOn, FilesOf(provenance), [.. provenance.Notes]);

    private static SourceFileJson[] FilesOf(ReleaseProvenance provenance) => [.. provenance.Files.Select(f => new SourceFileJson(f.Kind.ToString(), f.Name, f.Length, f.Sha256))];
}

/// <summary>A file a release was loaded from.</summary>
internal sealed record SourceFileJson(string Kind, string Name, long Length, string Sha256);

/// <summary><c>rvu --json</c>: a code's PPRRVU rows in a release, and why that release.</summary>
internal sealed record RvuJson(string Hcpcs, ReleaseJson Release, string ReleaseChoice, RvuRowJson[] Rows);

/// <summary>One PPRRVU row with its indicators.</summary>
internal sealed record RvuRowJson(
    string Modifier,
    string? Description,
    string Status,
    decimal WorkRvu,
    decimal NonFacilityPeRvu,
    bool NonFacilityNotApplicable,
    decimal FacilityPeRvu,
    bool FacilityNotApplicable,
    decimal MalpracticeRvu,
    decimal NonFacilityTotalRvu,
    decimal FacilityTotalRvu,
    int PcTc,
    string GlobalDays,
    decimal PreOpShare,
    decimal IntraOpShare,
    decimal PostOpShare,
    int MultipleProcedure,
    int BilateralSurgery,
    int AssistantAtSurgery,
    int CoSurgeons,
    int TeamSurgery,
    string EndoscopicBaseCode,
    decimal ConversionFactor,
    int PhysicianSupervision,
    int DiagnosticImagingFamily,
    decimal OppsNonFacilityPeRvu,
    decimal OppsFacilityPeRvu,
    decimal OppsMalpracticeRvu)
{
    public static RvuRowJson Of(FeeScheduleRelease r, RvuEntry e) => new(
        e.Modifier.ToString(),
        r.Rvus.GetDescription(e),
        ((char)e.Status).ToString(),
        e.WorkRvu,
        e.NonFacilityPracticeExpenseRvu,
        e.NonFacilityNotApplicable,
        e.FacilityPracticeExpenseRvu,
        e.FacilityNotApplicable,
        e.MalpracticeRvu,
        e.NonFacilityTotalRvu,
        e.FacilityTotalRvu,
        (int)e.PcTc,
        IndicatorCodes.GlobalDays(e.GlobalPeriod),
        e.PreOperativeShare,
        e.IntraOperativeShare,
        e.PostOperativeShare,
        (int)e.MultipleProcedure,
        (int)e.BilateralSurgery,
        (int)e.AssistantAtSurgery,
        (int)e.CoSurgeons,
        (int)e.TeamSurgery,
        e.EndoscopicBaseCode.ToString(),
        e.ConversionFactor,
        (int)e.PhysicianSupervision,
        (int)e.DiagnosticImagingFamily,
        e.OppsNonFacilityPracticeExpenseRvu,
        e.OppsFacilityPracticeExpenseRvu,
        e.OppsMalpracticeRvu);
}
