using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>
/// One quarter's file of a Part B schedule CMS publishes apart from the physician fee schedule: a Clinical Laboratory
/// Fee Schedule (<see cref="ClinicalLabFeeSchedule"/>), a DMEPOS or PEN fee schedule (<see cref="DmeposFeeSchedule"/>),
/// a former competitive bidding area schedule (<see cref="DmeposFormerCbaSchedule"/>), a DMEPOS rural ZIP code file
/// (<see cref="DmeposZipFile"/>) or a drug payment limit (ASP) file (<see cref="DrugPaymentLimits"/>). Its quarter says
/// which dates of service it covers; <see cref="FeeScheduleCatalog.With(QuarterlySchedule)"/> adds any of them to a
/// catalog. Immutable and thread-safe.
/// </summary>
public abstract class QuarterlySchedule
{
    private protected QuarterlySchedule(int year, int quarter, ReleaseProvenance provenance)
    {
        Year = year;
        Quarter = quarter;
        EffectiveFrom = new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
        NominalEffectiveThrough = EffectiveFrom.AddMonths(3).AddDays(-1);
        Provenance = provenance;
    }

    /// <summary>The file's name in messages, such as <c>CLFS 2026 Q2</c> or <c>DMEPOS 2025 Q2</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The calendar year.</summary>
    public int Year { get; }

    /// <summary>The quarter, 1 to 4.</summary>
    public int Quarter { get; }

    /// <summary>The first day of the quarter.</summary>
    public DateOnly EffectiveFrom { get; }

    /// <summary>The last day of the quarter (a later quarter's file takes over from its own first day).</summary>
    public DateOnly NominalEffectiveThrough { get; }

    /// <summary>The file loaded, its SHA-256, and notes.</summary>
    public ReleaseProvenance Provenance { get; }

    /// <summary>
    /// The file's rows: a CLFS file's rates, a DMEPOS, PEN or former-CBA file's rows, a ZIP code file's ZIP codes, an
    /// ASP file's drug codes (one row a code). A file with far fewer rows than the smallest of its kind was cut short.
    /// </summary>
    public abstract int RowCount { get; }

    /// <summary>What the file holds, in words for listings: <c>1,947 rates, 1,903 codes</c> (a CLFS file), <c>9,046 rows, 2,005 codes, 56 states</c> (DMEPOS).</summary>
    public abstract string Summary { get; }
}

/// <summary>
/// A quarter's schedule file whose rows are listed by HCPCS code (CLFS, DMEPOS, PEN, former CBA, ASP): its rows, the
/// codes it lists, and a lookup of a code's first row that allocates nothing.
/// </summary>
/// <typeparam name="TRow">A row of the file.</typeparam>
public abstract class QuarterlySchedule<TRow> : QuarterlySchedule
    where TRow : struct
{
    private protected QuarterlySchedule(int year, int quarter, TRow[] rows, Func<TRow, HcpcsCode> code, ReleaseProvenance provenance)
        : base(year, quarter, provenance)
    {
        RowArray = rows;
        FirstRow = FirstRowIndex.Of<TRow>(rows, code);
    }

    /// <summary>
    /// Every row, the rows of a code together: in the file's order for DMEPOS, PEN and former CBA schedules, by code,
    /// modifier and effective date for the CLFS, by code for drug payment limits (one row a code).
    /// </summary>
    public ImmutableArray<TRow> Rows => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(RowArray);

    /// <summary>The number of distinct HCPCS codes.</summary>
    public int CodeCount => FirstRow.Count;

    /// <inheritdoc/>
    public override int RowCount => RowArray.Length;

    /// <summary>The rows, for the lookups of the derived schedule.</summary>
    private protected TRow[] RowArray { get; }

    /// <summary>Each code's first row.</summary>
    private protected FirstRowIndex FirstRow { get; }

    /// <summary>Whether the file lists the code (with any modifier). Allocates nothing.</summary>
    /// <param name="code">The HCPCS code.</param>
    public bool Contains(HcpcsCode code) => FirstRow.Contains(code);
}
