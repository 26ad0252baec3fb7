using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.Insights;

/// <summary>How a row or an edit differs between two releases or dates.</summary>
public enum ChangeKind
{
    /// <summary>Only in the later one.</summary>
    Added,
    /// <summary>Only in the earlier one.</summary>
    Deleted,
    /// <summary>In both, with a field or amount that differs.</summary>
    Changed,
}

/// <summary>An inclusive range of HCPCS codes (in code order: digits before letters, as CMS sorts them).</summary>
/// <param name="First">The first code.</param>
/// <param name="Last">The last code.</param>
public readonly record struct CodeRange(HcpcsCode First, HcpcsCode Last)
{
    /// <summary>A range of one code.</summary>
    public static CodeRange Of(HcpcsCode code) => new(code, code);

    /// <summary>Whether a code is in the range.</summary>
    public bool Contains(HcpcsCode code) => First <= code && code <= Last;

    /// <summary>Reads <c>77321</c> or <c>77261-77799</c>.</summary>
    /// <exception cref="FormatException">Not a code or two codes joined by a hyphen, first not after last.</exception>
    public static CodeRange Parse(string text)
        => TryParse(text, out var range) ? range : throw new FormatException("Expected a HCPCS code (77321) or a range of codes (77261-77799).");

    /// <summary>Reads <c>77321</c> or <c>77261-77799</c>.</summary>
    /// <returns><c>false</c> when the text is not a code or two codes joined by a hyphen, first not after last.</returns>
    public static bool TryParse(string? text, out CodeRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        int dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            if (!HcpcsCode.TryParse(text.Trim(), out var one))
            {
                return false;
            }

            range = Of(one);
            return true;
        }

        if (!HcpcsCode.TryParse(text[..dash].Trim(), out var first) || !HcpcsCode.TryParse(text[(dash + 1)..].Trim(), out var last) || last < first)
        {
            return false;
        }

        range = new CodeRange(first, last);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => First == Last ? First.ToString() : $"{First}-{Last}";
}

/// <summary>What to compare.</summary>
public sealed record ReleaseDiffOptions
{
    /// <summary>Only these codes; <c>null</c> (the default): every code.</summary>
    public CodeRange? Codes { get; init; }

    /// <summary>The localities whose amounts to compare; empty (the default) and <see cref="AllLocalities"/> false: national amounts only.</summary>
    public ImmutableArray<LocalityKey> Localities { get; init; } = [];

    /// <summary>Compare the amounts of every locality both releases price (about 110; slower).</summary>
    public bool AllLocalities { get; init; }

    /// <summary>Whether to price amounts at all (the default); <c>false</c> compares fields only.</summary>
    public bool IncludeAmounts { get; init; } = true;

    /// <summary>Whether to compare the NCCI edits in force on the two dates (the default, when NCCI tables are loaded).</summary>
    public bool IncludeNcci { get; init; } = true;

    /// <summary>
    /// Whether to compare the other Part B schedules in force on the two dates (the default): the CLFS quarters, the
    /// DMEPOS and PEN files, the ASP files, each where both dates have a file of the kind and the files differ.
    /// </summary>
    public bool IncludePartBSchedules { get; init; } = true;

    /// <summary>From 2026: price with the qualifying APM participant conversion factor.</summary>
    public ApmStatus ApmStatus { get; init; }

    /// <summary>
    /// How <see cref="ReleaseDiff.Compare(DateOnly, DateOnly, ReleaseDiffOptions?)"/> picks each date's release: <see cref="ReleaseSelection.Nearest"/> (the default),
    /// as the calculator does; <see cref="ReleaseSelection.Exact"/> refuses a date whose release in force is not loaded.
    /// </summary>
    public ReleaseSelection ReleaseSelection { get; init; }
}

/// <summary>A field of a PPRRVU row that differs, by CMS's column name, with both values as the file writes them.</summary>
/// <param name="Field">CMS's column name, such as <c>WORK RVU</c> or <c>STATUS CODE</c>.</param>
/// <param name="From">The earlier value.</param>
/// <param name="To">The later value.</param>
public sealed record FieldChange(string Field, string From, string To)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Field} {From} -> {To}";
}

/// <summary>An allowed amount that differs, in one locality and setting, computed by the payment calculator.</summary>
/// <param name="Locality">The locality, or <see cref="LocalityKey.None"/> for the national amount.</param>
/// <param name="Setting">The setting.</param>
/// <param name="From">The earlier amount, dollars; <c>null</c> when not priced then (absent, carrier priced, not payable).</param>
/// <param name="To">The later amount, dollars; <c>null</c> when not priced then.</param>
public sealed record AmountChange(LocalityKey Locality, PricingSetting Setting, decimal? From, decimal? To)
{
    /// <summary>To less from, dollars, when both are priced.</summary>
    public decimal? Difference => From is { } f && To is { } t ? t - f : null;

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture,
            $"{(Locality.IsSome ? Locality.ToString() : "national")} {(Setting == PricingSetting.Facility ? "facility" : "non-facility")} {From?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-"} -> {To?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-"}");
}

/// <summary>A PPRRVU row (code and modifier) added, deleted or changed.</summary>
/// <param name="Hcpcs">The code.</param>
/// <param name="Modifier">The row's modifier (<see cref="Modifier.None"/> for the global row).</param>
/// <param name="Kind">Added, deleted or changed.</param>
/// <param name="Fields">The fields that differ (every field of the row present, for an added or deleted row, with the other side blank).</param>
/// <param name="Amounts">The amounts that differ.</param>
public sealed record RvuRowChange(HcpcsCode Hcpcs, Modifier Modifier, ChangeKind Kind, ImmutableArray<FieldChange> Fields, ImmutableArray<AmountChange> Amounts)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Hcpcs}{(Modifier.IsSome ? "-" + Modifier : "")} {Kind}";
}

/// <summary>An NCCI edit in force on one date and not the other, or in force on both with a different value.</summary>
/// <param name="Table">The kind of table (PTP, MUE, add-on).</param>
/// <param name="Kind">Added, deleted or changed.</param>
/// <param name="Key">The edit's key: <c>0001U/80503</c> (PTP), <c>0001U</c> (MUE), <c>99292+99291</c> (add-on + primary).</param>
/// <param name="From">The edit on the earlier date, as text; <c>null</c> when added.</param>
/// <param name="To">The edit on the later date, as text; <c>null</c> when deleted.</param>
/// <param name="Codes">The codes of the edit.</param>
public sealed record NcciEditChange(NcciTableKind Table, ChangeKind Kind, string Key, string? From, string? To, ImmutableArray<HcpcsCode> Codes)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Table} {Kind} {Key}: {From ?? "-"} -> {To ?? "-"}";
}

/// <summary>The differences between the fee schedule (and NCCI edits) of two dates of service or two releases.</summary>
/// <param name="From">The earlier release.</param>
/// <param name="FromDate">The date its amounts and NCCI edits were taken on.</param>
/// <param name="To">The later release.</param>
/// <param name="ToDate">The date its amounts and NCCI edits were taken on.</param>
/// <param name="Rows">The PPRRVU rows added, deleted or changed, in code order.</param>
/// <param name="NcciEdits">The NCCI edits added, deleted or changed, by table then key.</param>
/// <param name="Notes">Release-wide changes (conversion factor, localities) and what could not be compared.</param>
/// <remarks>The other Part B schedules of the two dates are compared too (<see cref="ClinicalLab"/>, <see cref="Dmepos"/>, <see cref="DmeposNutrition"/>, <see cref="Drugs"/>).</remarks>
public sealed record ReleaseComparison(
    FeeScheduleRelease From, DateOnly FromDate, FeeScheduleRelease To, DateOnly ToDate, ImmutableArray<RvuRowChange> Rows,
    ImmutableArray<NcciEditChange> NcciEdits, ImmutableArray<string> Notes)
{
    /// <summary>The CLFS quarters in force on the two dates and the lab rates that differ; <c>null</c> unless both dates have a quarter loaded and the quarters differ (or when <see cref="ReleaseDiffOptions.IncludePartBSchedules"/> is off).</summary>
    public ClinicalLabComparison? ClinicalLab { get; init; }

    /// <summary>The DMEPOS files in force on the two dates and the rows whose amounts differ (per state, non-rural and rural); <c>null</c> as for <see cref="ClinicalLab"/>.</summary>
    public DmeposComparison? Dmepos { get; init; }

    /// <summary>The enteral and parenteral nutrition (PEN) files in force on the two dates and the rows that differ; <c>null</c> as for <see cref="ClinicalLab"/>.</summary>
    public DmeposComparison? DmeposNutrition { get; init; }

    /// <summary>The ASP payment limit files in force on the two dates and the drugs that differ; <c>null</c> as for <see cref="ClinicalLab"/>.</summary>
    public DrugComparison? Drugs { get; init; }

    /// <summary>The rows of one kind of change.</summary>
    public IEnumerable<RvuRowChange> OfKind(ChangeKind kind) => Rows.Where(r => r.Kind == kind);

    /// <summary>The change of one row, or <c>null</c> when it did not change.</summary>
    public RvuRowChange? Find(HcpcsCode hcpcs, Modifier modifier = default) => Rows.FirstOrDefault(r => r.Hcpcs == hcpcs && r.Modifier == modifier);
}

/// <summary>
/// Compares the fee schedule of two dates of service (or two releases): PPRRVU rows added and deleted, RVU, indicator
/// and status changes by CMS column, allowed amounts per locality and setting (computed by the
/// <see cref="PaymentCalculator"/> with each date's release, conversion factor and GPCIs), and the NCCI edits in
/// force on each date. Immutable and safe to share between threads.
/// </summary>
/// <example>
/// RVU25D to RVU26C for 77321: <c>WORK RVU 0.95 -> 0.93</c>, national non-facility 92.51 to 94.52 (the new RVUs and the
/// 2026 conversion factor, 33.4009); 77402 <c>STATUS CODE I -> A</c>; 77385 deleted.
/// <code>
/// var diff = new ReleaseDiff(PackagedFeeSchedules.Catalog).CompareReleases(ReleaseId.Parse("RVU25D"), ReleaseId.Parse("RVU26C"));
/// foreach (var row in diff.OfKind(ChangeKind.Deleted)) Console.WriteLine(row);
/// </code>
/// </example>
public sealed partial class ReleaseDiff
{
    private readonly FeeScheduleCatalog _catalog;
    private readonly NcciCatalog _ncci;
    private readonly ConversionFactorSchedule? _conversionFactors;

    /// <summary>Creates a comparer over fee schedule releases and, optionally, NCCI tables.</summary>
    /// <param name="catalog">The fee schedule releases.</param>
    /// <param name="ncci">The NCCI tables; <c>null</c>: none (no edit changes are reported).</param>
    /// <param name="conversionFactors">The conversion factors by date; <c>null</c>: <see cref="ConversionFactorSchedule.Medicare"/>.</param>
    public ReleaseDiff(FeeScheduleCatalog catalog, NcciCatalog? ncci = null, ConversionFactorSchedule? conversionFactors = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _ncci = ncci ?? NcciCatalog.Empty;
        _conversionFactors = conversionFactors;
    }

    /// <summary>Compares the releases and NCCI edits in force on two dates of service.</summary>
    /// <param name="from">The earlier date.</param>
    /// <param name="to">The later date.</param>
    /// <param name="options">What to compare; <c>null</c>: every code, national amounts, NCCI edits.</param>
    /// <exception cref="ArgumentException">No release covers one of the dates.</exception>
    public ReleaseComparison Compare(DateOnly from, DateOnly to, ReleaseDiffOptions? options = null)
    {
        options ??= new ReleaseDiffOptions();
        var ra = _catalog.Resolve(from, options.ReleaseSelection);
        var rb = _catalog.Resolve(to, options.ReleaseSelection);
        var a = ra.Release ?? throw new ArgumentException($"No release covers {from:yyyy-MM-dd}: {ra.Reason}", nameof(from));
        var b = rb.Release ?? throw new ArgumentException($"No release covers {to:yyyy-MM-dd}: {rb.Reason}", nameof(to));
        return Run(a, from, b, to, options);
    }

    /// <summary>Compares two releases, each on its first day (<see cref="FeeScheduleRelease.EffectiveFrom"/>).</summary>
    /// <param name="from">The earlier release, such as <c>RVU25D</c>.</param>
    /// <param name="to">The later release, such as <c>RVU26C</c>.</param>
    /// <param name="options">What to compare; <c>null</c>: every code, national amounts, NCCI edits.</param>
    /// <exception cref="ArgumentException">A release is not in the catalog.</exception>
    public ReleaseComparison CompareReleases(ReleaseId from, ReleaseId to, ReleaseDiffOptions? options = null)
    {
        var a = _catalog.TryGetRelease(from, out var x) ? x! : throw new ArgumentException($"Release {from} is not loaded.", nameof(from));
        var b = _catalog.TryGetRelease(to, out var y) ? y! : throw new ArgumentException($"Release {to} is not loaded.", nameof(to));
        return Run(a, a.EffectiveFrom, b, b.EffectiveFrom, options ?? new ReleaseDiffOptions());
    }

    private ReleaseComparison Run(FeeScheduleRelease a, DateOnly fromDate, FeeScheduleRelease b, DateOnly toDate, ReleaseDiffOptions options)
    {
        var notes = ImmutableArray.CreateBuilder<string>();
        var inv = CultureInfo.InvariantCulture;
        var (cfA, cfB) = (Factor(a, fromDate, options), Factor(b, toDate, options));
        if (cfA != cfB)
        {
            notes.Add(string.Create(inv, $"Conversion factor {cfA} -> {cfB} $/RVU: every amount of the fee schedule moves with it."));
        }

        var localities = Localities(a, b, options, notes);
        var pricerA = new PaymentCalculator(FeeScheduleCatalog.Create([a]), _conversionFactors);
        var pricerB = new PaymentCalculator(FeeScheduleCatalog.Create([b]), _conversionFactors);
        var rows = ImmutableArray.CreateBuilder<RvuRowChange>();
        var left = a.Rvus.Rows;
        var right = b.Rvus.Rows;
        int i = 0, j = 0;
        while (i < left.Length || j < right.Length)
        {
            int order = i >= left.Length ? 1 : j >= right.Length ? -1 : Compare(left[i], right[j]);
            RvuEntry? x = order <= 0 ? left[i] : null;
            RvuEntry? y = order >= 0 ? right[j] : null;
            i += order <= 0 ? 1 : 0;
            j += order >= 0 ? 1 : 0;
            var key = x ?? y!.Value;
            if (options.Codes is { } range && !range.Contains(key.Hcpcs))
            {
                continue;
            }

            var fields = Fields(x, y);
            var amounts = options.IncludeAmounts ? Amounts(key, pricerA, fromDate, x.HasValue, pricerB, toDate, y.HasValue, localities, options) : [];
            if (x is not null && y is not null && fields.IsEmpty && amounts.IsEmpty)
            {
                continue;
            }

            rows.Add(new RvuRowChange(key.Hcpcs, key.Modifier, x is null ? ChangeKind.Added : y is null ? ChangeKind.Deleted : ChangeKind.Changed, fields, amounts));
        }

        var edits = options.IncludeNcci ? NcciChanges(fromDate, toDate, options.Codes, notes) : [];
        var codes = options.Codes;
        return options.IncludePartBSchedules
            ? new ReleaseComparison(a, fromDate, b, toDate, rows.ToImmutable(), edits, notes.ToImmutable())
            {
                ClinicalLab = PartBScheduleDiff.Lab(_catalog, fromDate, toDate, codes),
                Dmepos = PartBScheduleDiff.Dmepos(_catalog.DmeposSchedules, fromDate, toDate, codes),
                DmeposNutrition = PartBScheduleDiff.Dmepos(_catalog.DmeposNutritionSchedules, fromDate, toDate, codes),
                Drugs = PartBScheduleDiff.Drugs(_catalog, fromDate, toDate, codes),
            }
            : new ReleaseComparison(a, fromDate, b, toDate, rows.ToImmutable(), edits, notes.ToImmutable());
    }

    private decimal Factor(FeeScheduleRelease release, DateOnly date, ReleaseDiffOptions options)
        => (_conversionFactors ?? ConversionFactorSchedule.Medicare).TryGet(date, out var period) && period is not null
            ? period.For(options.ApmStatus)
            : release.ConversionFactor;

    private static ImmutableArray<LocalityKey> Localities(FeeScheduleRelease a, FeeScheduleRelease b, ReleaseDiffOptions options, ImmutableArray<string>.Builder notes)
    {
        var result = ImmutableArray.CreateBuilder<LocalityKey>();
        result.Add(LocalityKey.None);
        if (options.AllLocalities)
        {
            var inA = a.Localities.PricedKeys;
            var inB = b.Localities.PricedKeys;
            result.AddRange(inA.Intersect(inB).Order());
            foreach (var gone in inA.Except(inB))
            {
                notes.Add($"Locality {gone} is priced in {a.Id} and not in {b.Id}.");
            }

            foreach (var added in inB.Except(inA))
            {
                notes.Add($"Locality {added} is priced in {b.Id} and not in {a.Id}.");
            }
        }
        else
        {
            foreach (var key in options.Localities.Distinct())
            {
                if (key.IsSome)
                {
                    result.Add(key);
                }
            }
        }

        return result.ToImmutable();
    }

    private static int Compare(in RvuEntry x, in RvuEntry y)
    {
        int c = x.Hcpcs.CompareTo(y.Hcpcs);
        return c != 0 ? c : x.Modifier.CompareTo(y.Modifier);
    }

    private static ImmutableArray<AmountChange> Amounts(
        RvuEntry key, PaymentCalculator a, DateOnly fromDate, bool inA, PaymentCalculator b, DateOnly toDate, bool inB,
        ImmutableArray<LocalityKey> localities, ReleaseDiffOptions options)
    {
        var changes = ImmutableArray.CreateBuilder<AmountChange>();
        foreach (var locality in localities)
        {
            var where = locality.IsSome ? PricingLocation.Of(locality) : PricingLocation.National;
            foreach (var setting in (ReadOnlySpan<PricingSetting>)[PricingSetting.NonFacility, PricingSetting.Facility])
            {
                decimal? before = inA ? Amount(a, new ServiceRequest(key.Hcpcs, key.Modifier, fromDate, where, setting, Participation.Participating, options.ApmStatus)) : null;
                decimal? after = inB ? Amount(b, new ServiceRequest(key.Hcpcs, key.Modifier, toDate, where, setting, Participation.Participating, options.ApmStatus)) : null;
                if (before != after)
                {
                    changes.Add(new AmountChange(locality, setting, before, after));
                }
            }
        }

        return changes.ToImmutable();
    }

    private static decimal? Amount(PaymentCalculator calculator, in ServiceRequest request)
    {
        var price = calculator.Price(request);
        return price.Outcome == PriceOutcome.Priced ? price.AllowedAmount : null;
    }

    private static ImmutableArray<FieldChange> Fields(RvuEntry? x, RvuEntry? y)
    {
        ImmutableArray<FieldChange>.Builder? changes = null;
        foreach (var column in Columns)
        {
            // Rows in both releases compare values; the file's text is written only for a field that changed.
            if (x is { } a && y is { } b && column.Value(a) == column.Value(b))
            {
                continue;
            }

            (changes ??= ImmutableArray.CreateBuilder<FieldChange>()).Add(new FieldChange(column.Name, x is { } e ? column.Text(e) : "", y is { } f ? column.Text(f) : ""));
        }

        return changes?.ToImmutable() ?? [];
    }

    private static string N(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);

    private static string I(int d) => d.ToString(CultureInfo.InvariantCulture);

    private static Column Rvu(string name, Func<RvuEntry, decimal> read) => new(name, read, e => N(read(e)));

    private static Column Indicator(string name, Func<RvuEntry, int> read) => new(name, e => read(e), e => I(read(e)));

    private static Column Flag(string name, Func<RvuEntry, bool> read, string set) => new(name, e => read(e) ? 1 : 0, e => read(e) ? set : "");

    /// <summary>A PPRRVU column: CMS's name, a value to compare, and the text the file writes.</summary>
    private sealed record Column(string Name, Func<RvuEntry, decimal> Value, Func<RvuEntry, string> Text);

    /// <summary>The PPRRVU columns compared, by CMS's names.</summary>
    private static readonly Column[] Columns =
    [
        new("STATUS CODE", e => (byte)e.Status, e => ((char)e.Status).ToString()),
        Flag("NOT USED FOR MEDICARE PAYMENT", e => e.NotUsedForMedicarePayment, "1"),
        Rvu("WORK RVU", e => e.WorkRvu),
        Rvu("NON-FAC PE RVU", e => e.NonFacilityPracticeExpenseRvu),
        Flag("NON-FAC NA INDICATOR", e => e.NonFacilityNotApplicable, "NA"),
        Rvu("FACILITY PE RVU", e => e.FacilityPracticeExpenseRvu),
        Flag("FACILITY NA INDICATOR", e => e.FacilityNotApplicable, "NA"),
        Rvu("MP RVU", e => e.MalpracticeRvu),
        Indicator("PCTC IND", e => (int)e.PcTc),
        new("GLOB DAYS", e => (byte)e.GlobalPeriod, e => IndicatorCodes.GlobalDays(e.GlobalPeriod)),
        Rvu("PRE OP", e => e.PreOperativeShare),
        Rvu("INTRA OP", e => e.IntraOperativeShare),
        Rvu("POST OP", e => e.PostOperativeShare),
        Indicator("MULT PROC", e => (int)e.MultipleProcedure),
        Indicator("BILAT SURG", e => (int)e.BilateralSurgery),
        Indicator("ASST SURG", e => (int)e.AssistantAtSurgery),
        Indicator("CO-SURG", e => (int)e.CoSurgeons),
        Indicator("TEAM SURG", e => (int)e.TeamSurgery),
        new("ENDO BASE", e => e.EndoscopicBaseCode.GetHashCode(), e => e.EndoscopicBaseCode.IsSome ? e.EndoscopicBaseCode.ToString() : ""),
        Indicator("PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES", e => (int)e.PhysicianSupervision),
        Indicator("DIAGNOSTIC IMAGING FAMILY INDICATOR", e => (int)e.DiagnosticImagingFamily),
        Rvu("NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT", e => e.OppsNonFacilityPracticeExpenseRvu),
        Rvu("FACILITY PE USED FOR OPPS PAYMENT AMOUNT", e => e.OppsFacilityPracticeExpenseRvu),
        Rvu("MP USED FOR OPPS PAYMENT AMOUNT", e => e.OppsMalpracticeRvu),
    ];
}
