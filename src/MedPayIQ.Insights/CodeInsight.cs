using System.Collections.Immutable;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.Insights;

/// <summary>What an insight is about.</summary>
public enum InsightKind
{
    /// <summary>The code's fee schedule amount in the setting(s) asked for.</summary>
    Price,
    /// <summary>Whether the code exists in the release in force on the date, and in which releases it last or next appears.</summary>
    Validity,
    /// <summary>The status code: not payable, bundled, carrier priced, restricted, T status.</summary>
    Status,
    /// <summary>The medically unlikely edit: at most so many units per line or per date of service.</summary>
    UnitsLimit,
    /// <summary>A PTP edit in which the code is column 2: it is denied when billed with the column 1 code.</summary>
    BundledInto,
    /// <summary>A PTP edit in which the code is column 1: the column 2 code is denied when billed with it.</summary>
    Bundles,
    /// <summary>The code is an add-on: it is paid only with a primary service.</summary>
    AddOn,
    /// <summary>Add-on codes that attach to the code as their primary.</summary>
    AddOnsAccepted,
    /// <summary>Professional and technical components (PC/TC indicator): the 26 and TC amounts, and who bills which.</summary>
    Components,
    /// <summary>A setting the file marks NA (rarely or never done there), and what to bill instead.</summary>
    SettingNotApplicable,
    /// <summary>The global surgery period and the split-care shares (modifiers 54, 55, 56).</summary>
    GlobalPeriod,
    /// <summary>Bilateral surgery (modifier 50, RT and LT).</summary>
    Bilateral,
    /// <summary>Assistant at surgery (modifiers 80, 81, 82, AS).</summary>
    AssistantAtSurgery,
    /// <summary>Co-surgeons (modifier 62).</summary>
    CoSurgery,
    /// <summary>Team surgery (modifier 66).</summary>
    TeamSurgery,
    /// <summary>The multiple procedure rule the code follows (indicator 2 to 7).</summary>
    MultipleProcedure,
    /// <summary>The OPPS cap: the lesser of the fee schedule and the OPPS-based amount.</summary>
    OppsCap,
    /// <summary>A family of codes defined in the data (the endoscopy family of a base code) that pay differently together.</summary>
    Family,
    /// <summary>What the user's own remittances (a <see cref="X12.DenialHistory"/>) say: lines paid and denied, by reason, with each line as evidence.</summary>
    DenialHistory,
    /// <summary>The other Part B schedule that pays the code (clinical laboratory, DMEPOS or PEN, Part B drugs) and its amount in force, or why it gives none (contractor priced, no beneficiary ZIP code).</summary>
    PartBSchedule,
    /// <summary>What the beneficiary pays of a line another Part B schedule pays: deductible and coinsurance (none for a clinical laboratory test).</summary>
    CostSharing,
    /// <summary>A clinical laboratory test's rate (or indicator) in the quarter in force against the quarter before it, when both are loaded.</summary>
    LabRateChange,
    /// <summary>A DMEPOS item's rural and non-rural amounts in the beneficiary's state.</summary>
    DmeposRural,
}

/// <summary>
/// A row of CMS data an insight rests on: the data set (release or NCCI table version), the file, the row and the
/// fields read.
/// </summary>
/// <param name="Dataset">The release (<c>RVU25A</c>) or NCCI table version (<c>PtpPractitioner 32.2r0</c>).</param>
/// <param name="File">The CMS file name(s).</param>
/// <param name="Row">The row, by its key and the fields read (<c>77321 global: PCTC IND 1, FACILITY NA</c>).</param>
/// <param name="Sha256">The file's SHA-256, lower-case hex.</param>
public sealed record InsightEvidence(string Dataset, string File, string Row, string Sha256)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Dataset} {File}: {Row}";
}

/// <summary>Which amount of a priced claim line an <see cref="InsightAmount"/> is.</summary>
public enum InsightMeasure
{
    /// <summary>The line's allowed amount (<see cref="LinePrice.AllowedAmount"/>).</summary>
    AllowedAmount,
    /// <summary>The line's fee schedule amount before the OPPS cap (<see cref="ServicePrice.AmountBeforeOppsCap"/> of <see cref="LinePrice.Service"/>).</summary>
    AmountBeforeOppsCap,
    /// <summary>The OPPS-based amount that caps the line (<see cref="ServicePrice.OppsCapAmount"/> of <see cref="LinePrice.Service"/>).</summary>
    OppsCapAmount,
    /// <summary>The line's Medicare payment (<see cref="LinePrice.MedicarePayment"/>).</summary>
    MedicarePayment,
    /// <summary>The part of the line's allowed amount that goes to the beneficiary's Part B deductible (<see cref="LinePrice.Deductible"/>).</summary>
    Deductible,
    /// <summary>The line's coinsurance (<see cref="LinePrice.Coinsurance"/>).</summary>
    Coinsurance,
}

/// <summary>
/// A dollar figure an insight states, with the claim the payment calculator priced to get it. Every figure in an
/// insight's text is one of these, so each can be recomputed.
/// </summary>
/// <param name="Label">What the figure is, such as <c>77321-26</c> or <c>amount at risk</c>.</param>
/// <param name="Amount">The amount, dollars, rounded to the cent (half away from zero) by the calculator.</param>
/// <param name="Claim">The claim that was priced.</param>
/// <param name="LineNumber">The line of <paramref name="Claim"/> the amount belongs to (1-based).</param>
/// <param name="Measure">Which amount of that line it is.</param>
public sealed record InsightAmount(string Label, decimal Amount, Claim Claim, int LineNumber, InsightMeasure Measure = InsightMeasure.AllowedAmount);

/// <summary>One insight about a code: a sentence for a biller, the data behind it, and its dollar impact.</summary>
/// <param name="Kind">What the insight is about.</param>
/// <param name="Text">The sentence, in plain language, with its figures.</param>
/// <param name="Impact">
/// The dollar impact: the amount at risk (a denied line, an unpaid add-on) or the amount a modifier pays, dollars;
/// <c>null</c> when no amount applies or the calculator cannot compute one (carrier priced, not in the fee schedule).
/// </param>
/// <param name="Amounts">Every dollar figure in <paramref name="Text"/>, each with the claim priced for it.</param>
/// <param name="Evidence">The CMS rows the insight rests on.</param>
/// <param name="RelatedCodes">Codes the insight names (the column 1 code, the primaries, the family base).</param>
public sealed record CodeInsight(
    InsightKind Kind, string Text, decimal? Impact, ImmutableArray<InsightAmount> Amounts, ImmutableArray<InsightEvidence> Evidence,
    ImmutableArray<HcpcsCode> RelatedCodes)
{
    /// <summary>The MUE row of a <see cref="InsightKind.UnitsLimit"/> insight; <c>null</c> for other kinds.</summary>
    public MueEntry? Mue { get; init; }

    /// <summary>The PTP edit of a <see cref="InsightKind.BundledInto"/> or <see cref="InsightKind.Bundles"/> insight; <c>null</c> for other kinds.</summary>
    public PtpEdit? PtpEdit { get; init; }

    /// <summary>The add-on code edits in force of an <see cref="InsightKind.AddOn"/> insight (type, primaries, dates); empty for other kinds.</summary>
    public ImmutableArray<AddOnEdit> AddOnEdits { get; init; } = [];

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>What to compute insights for: the date of service, where, which setting.</summary>
/// <param name="DateOfService">Picks the release, the conversion factor and the NCCI tables in force.</param>
/// <param name="Location">National (the default), a carrier/locality or a ZIP code.</param>
/// <param name="Setting">One setting; <c>null</c> (the default) states both, non-facility first.</param>
/// <param name="ApmStatus">From 2026: price with the qualifying APM participant conversion factor.</param>
public readonly record struct InsightRequest(
    DateOnly DateOfService, PricingLocation Location = default, PricingSetting? Setting = null, ApmStatus ApmStatus = ApmStatus.NotQualifying)
{
    /// <summary>
    /// The beneficiary's ZIP code (five digits, or ZIP+4), which DMEPOS items are priced by (their state, and whether
    /// the ZIP code is rural or in a former competitive bidding area); <c>null</c>: the <see cref="Location"/>'s ZIP code, if any.
    /// </summary>
    public string? BeneficiaryZip { get; init; }
}

/// <summary>The insights about one code on one date, with the release and NCCI tables they come from.</summary>
/// <param name="Hcpcs">The code.</param>
/// <param name="Request">What was asked.</param>
/// <param name="Release">The fee schedule release in force on the date, or <c>null</c> when none is loaded.</param>
/// <param name="ReleaseReason">Why that release (or why none).</param>
/// <param name="Insights">
/// The insights, in one fixed order of their kinds: fee schedule facts (validity, status, the other Part B schedule
/// that pays the code, cost sharing, lab rate change, DMEPOS rural amounts, price, OPPS cap, components, settings,
/// global period, surgery modifiers, multiple procedures, family), then the NCCI edits (units limit, bundling pairs,
/// add-on rules), then the denial history.
/// </param>
/// <param name="Notes">What could not be said and why (an NCCI table not loaded, a release without an OPPS cap file).</param>
public sealed record CodeInsightReport(
    HcpcsCode Hcpcs, InsightRequest Request, FeeScheduleRelease? Release, string ReleaseReason, ImmutableArray<CodeInsight> Insights,
    ImmutableArray<string> Notes)
{
    /// <summary>The NCCI tables the insights and notes read (MUE, PTP, add-on edits), each the version in force on the date.</summary>
    public ImmutableArray<NcciTableSource> NcciTables { get; init; } = [];

    /// <summary>The insights of one kind.</summary>
    public IEnumerable<CodeInsight> OfKind(InsightKind kind) => Insights.Where(i => i.Kind == kind);
}
