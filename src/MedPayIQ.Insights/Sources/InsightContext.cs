using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Ncci;

namespace MedPayIQ.Insights;

/// <summary>
/// What the sources of one report share: the code, the request, the release in force, the calculator and NCCI tables,
/// the insights and notes found so far, and the claims priced so far (several insights state the same amount: each
/// claim is priced once per report). One per report; not shared between threads.
/// </summary>
internal sealed class InsightContext
{
    private readonly PricingSetting[] _settings;
    private readonly Dictionary<(HcpcsCode, PricingSetting, ModifierSet, int), (InsightAmount?, decimal)> _priced = [];
    private readonly Dictionary<NcciTableKind, NcciTable?> _tables = [];
    private LinePrice? _bare;

    public InsightContext(HcpcsCode code, InsightRequest request, FeeScheduleRelease? release, FeeScheduleCatalog catalog, PaymentCalculator calculator, NcciCatalog ncci)
    {
        Code = code;
        Request = request;
        Release = release;
        Catalog = catalog;
        Calculator = calculator;
        Ncci = ncci;
        _settings = request.Setting is { } s ? [s] : [PricingSetting.NonFacility, PricingSetting.Facility];
    }

    public HcpcsCode Code { get; }

    public InsightRequest Request { get; }

    /// <summary>The release in force on the date, or <c>null</c>.</summary>
    public FeeScheduleRelease? Release { get; }

    public FeeScheduleCatalog Catalog { get; }

    public PaymentCalculator Calculator { get; }

    public NcciCatalog Ncci { get; }

    /// <summary>The denial history of the user's remittances, or <c>null</c> when none was given.</summary>
    public MedPayIQ.X12.DenialHistory? History { get; init; }

    public ImmutableArray<CodeInsight>.Builder Insights { get; } = ImmutableArray.CreateBuilder<CodeInsight>();

    public ImmutableArray<string>.Builder Notes { get; } = ImmutableArray.CreateBuilder<string>();

    /// <summary>The NCCI tables the sources read, in the order they were first read.</summary>
    public ImmutableArray<NcciTableSource>.Builder NcciTables { get; } = ImmutableArray.CreateBuilder<NcciTableSource>();

    /// <summary>The code's rows in the release in force (the global row first); empty without a release or a row.</summary>
    public ReadOnlySpan<RvuEntry> Rows => Release is null ? default : Release.Rvus.GetRows(Code);

    /// <summary>The settings to state, non-facility first.</summary>
    public ReadOnlySpan<PricingSetting> Settings => _settings;

    /// <summary>The first setting asked for: the one amounts at risk are stated in.</summary>
    public PricingSetting Primary => _settings[0];

    public DateOnly Date => Request.DateOfService;

    /// <summary>The location in words: <c>national</c> or the locality.</summary>
    public string Where => Request.Location.Kind == PricingLocationKind.National ? "national" : Request.Location.ToString();

    // ---- pricing ------------------------------------------------------------------------------------------------------

    public ClaimLine Line(ModifierSet modifiers, int units) => new(Date, Code, modifiers) { Units = units };

    public Claim NewClaim(PricingSetting setting, params ClaimLine[] lines)
        => new(lines) { Location = Request.Location, Setting = setting, ApmStatus = Request.ApmStatus, BeneficiaryZip = Request.BeneficiaryZip };

    /// <summary>Prices one line of the code; <c>null</c> unless priced.</summary>
    public InsightAmount? PriceLine(PricingSetting setting, ModifierSet modifiers, int units) => Priced(Code, setting, modifiers, units).Amount;

    /// <summary>Prices one unit of another code in the primary setting; <c>null</c> unless priced.</summary>
    public InsightAmount? PriceCode(HcpcsCode other) => Priced(other, Primary, default, 1).Amount;

    /// <summary>A one-line claim of a code priced by the calculator, with the conversion factor it used; each is priced once per report.</summary>
    public (InsightAmount? Amount, decimal ConversionFactor) Priced(HcpcsCode hcpcs, PricingSetting setting, ModifierSet modifiers, int units)
    {
        var key = (hcpcs, setting, modifiers, units);
        if (!_priced.TryGetValue(key, out var priced))
        {
            var claim = NewClaim(setting, new ClaimLine(Date, hcpcs, modifiers) { Units = units });
            var line = Calculator.Price(claim).Lines[0];
            string label = modifiers.Count == 0 ? hcpcs.ToString() : $"{hcpcs}-{modifiers}";
            priced = line.Outcome == PriceOutcome.Priced ? (new InsightAmount(label, line.AllowedAmount, claim, 1), line.ConversionFactor) : (null, 0m);
            _priced[key] = priced;
        }

        return priced;
    }

    /// <summary>
    /// The code alone on a claim line (no modifier, one unit, the primary setting, the request's beneficiary ZIP code),
    /// priced once per report: its <see cref="LinePrice.Schedule"/> says whether another Part B schedule pays the code.
    /// </summary>
    public LinePrice Bare => _bare ??= Calculator.Price(NewClaim(Primary, Line(default, 1))).Lines[0];

    /// <summary>Whether another Part B schedule (CLFS, DMEPOS, PEN, ASP) pays the code, not the physician fee schedule.</summary>
    public bool OnOtherSchedule => Bare.Schedule != PaymentSchedule.PhysicianFeeSchedule;

    /// <summary>The code with a row's modifier, such as <c>77321-26</c>.</summary>
    public string Label(Modifier modifier) => modifier.IsSome ? $"{Code}-{modifier}" : Code.ToString();

    /// <summary>The amounts that were priced, each with its label.</summary>
    public static ImmutableArray<InsightAmount> Labelled(string[] labels, params InsightAmount?[] sources)
    {
        var result = ImmutableArray.CreateBuilder<InsightAmount>(sources.Length);
        for (int i = 0; i < sources.Length; i++)
        {
            if (sources[i] is { } a)
            {
                result.Add(a with { Label = labels[i] });
            }
        }

        return result.ToImmutable();
    }

    // ---- insights and evidence ------------------------------------------------------------------------------------

    public void Add(InsightKind kind, string text, decimal? impact, ImmutableArray<InsightAmount> amounts, ImmutableArray<InsightEvidence> evidence, ImmutableArray<HcpcsCode> related)
        => Insights.Add(new CodeInsight(kind, text, impact, amounts, evidence, related));

    /// <summary>A PPRRVU row as evidence, with the fields read.</summary>
    public static InsightEvidence RowEvidence(FeeScheduleRelease r, in RvuEntry row, string fields)
        => new(r.Id.ToString(), RvuFile(r), $"{row.Hcpcs}{(row.Modifier.IsSome ? "-" + row.Modifier : " (global)")}: {fields}", r.RvuFileSha256);

    /// <summary>A release without a row for a code, as evidence.</summary>
    public InsightEvidence NoRowEvidence(FeeScheduleRelease r) => new(r.Id.ToString(), RvuFile(r), $"no row for {Code}", r.RvuFileSha256);

    /// <summary>An NCCI row as evidence.</summary>
    public static InsightEvidence Evidence(NcciTable table, string row)
        => new($"{table.Source.Kind} {table.Source.Version}", string.Join(", ", table.Source.FileNames), row, table.Source.Sha256);

    private static string RvuFile(FeeScheduleRelease r)
        => r.Provenance.Files.FirstOrDefault(f => f.Kind is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth)?.Name ?? "PPRRVU";

    // ---- NCCI tables ----------------------------------------------------------------------------------------------

    /// <summary>
    /// The version of an NCCI table in force on the date, read once per report: <c>null</c> when none is loaded (noted
    /// once, with <paramref name="unknown"/>); a table used before its first date is noted once.
    /// </summary>
    public T? Table<T>(NcciTableKind kind, string unknown) where T : NcciTable
    {
        if (!_tables.TryGetValue(kind, out var table))
        {
            (table, string why) = Ncci.Resolve(kind, Date);
            _tables[kind] = table;
            if (table is null)
            {
                Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{unknown} unknown: {why} (load CMS's {FileOf(kind)})."));
            }
            else
            {
                NcciTables.Add(table.Source);
                if (table.Source.EffectiveFrom > Date)
                {
                    Notes.Add(why);
                }
            }
        }

        return table as T;
    }

    private static string FileOf(NcciTableKind kind) => kind switch
    {
        NcciTableKind.MuePractitioner => "practitioner MUE file",
        NcciTableKind.PtpPractitioner => "practitioner PTP files",
        _ => "add-on code edit file",
    };
}
