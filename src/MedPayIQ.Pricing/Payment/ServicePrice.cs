using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace MedPayIQ.Pricing;

/// <summary>
/// The price of one service, and why. Amounts are dollars, computed exactly and rounded once, to the cent, half away
/// from zero. RVUs and GPCIs are shown as used (GPCIs 1.000 for national prices). A value type: pricing allocates
/// nothing; <see cref="Reason"/>, <see cref="Steps"/> and <see cref="Warnings"/> are written when read.
/// </summary>
public readonly struct ServicePrice
{
    // Kept small: the result is returned by value, and every byte is copied (with GC write barriers) on each price.
    private readonly RvuEntry[]? _rows; // the release's rows, when the service has one; the row is _rows[_rowIndex] (an index, not a 60-byte copy)
    private readonly int _rowIndex;
    private readonly string? _text; // the reason when it comes from elsewhere (the catalog, another schedule's route); for a priced service of another Part B schedule, why its confidence is what it is
    private readonly object? _from; // the conversion factor's period (a fee schedule service), or the calculator whose other Part B schedules a routed service reads again when read
    private readonly HcpcsCode _code;
    private readonly Modifier _modifier;
    private readonly ZipLocality _zip;
    private readonly CapOrRoute _detail;
    private readonly decimal _limitingCharge;
    private readonly DateOnly _dateOfService;
    private readonly byte _outcome, _schedule, _setting, _match, _confidence; // the enums of the public properties, a byte each
    private readonly bool _byZip, _capBinds, _hasCap, _nonParticipating, _qpWithoutFactor, _qpComputed;

    internal ServicePrice(PriceOutcome outcome, FeeScheduleRelease? release, string? reason, HcpcsCode code, Modifier modifier)
    {
        _outcome = (byte)outcome;
        Release = release;
        _text = reason;
        _code = code;
        _modifier = modifier;
        _confidence = (byte)(outcome is PriceOutcome.Bundled or PriceOutcome.NotPayable ? PriceConfidence.High : PriceConfidence.Low);
    }

    internal ServicePrice(PriceOutcome outcome, FeeScheduleRelease release, RvuEntry[] rows, int rowIndex)
        : this(outcome, release, null, rows[rowIndex].Hcpcs, rows[rowIndex].Modifier)
    {
        _rows = rows;
        _rowIndex = rowIndex;
    }

    internal ServicePrice(FeeScheduleRelease release, ReleaseMatch match, RvuEntry[] rows, int rowIndex, Locality? locality, in ZipLocality zip, bool byZip,
        PricingSetting setting, decimal conversionFactor, ConversionFactorPeriod? period, bool qpWithoutFactor, decimal uncapped, decimal fee,
        bool hasCap, decimal cap, bool participating, decimal allowed, decimal limitingCharge, DateOnly dateOfService = default, bool qpComputed = false)
        : this(PriceOutcome.Priced, release, rows, rowIndex)
    {
        _dateOfService = dateOfService;
        _qpComputed = qpComputed;
        _match = (byte)match;
        Locality = locality;
        _zip = zip;
        _byZip = byZip;
        _setting = (byte)setting;
        ConversionFactor = conversionFactor;
        _from = period;
        _qpWithoutFactor = qpWithoutFactor;
        _hasCap = hasCap;
        _detail = new CapOrRoute(cap, uncapped);
        _capBinds = hasCap && cap < uncapped;
        FeeScheduleAmount = fee;
        _nonParticipating = !participating;
        AllowedAmount = allowed;
        _limitingCharge = limitingCharge;
    }

    /// <summary>A service another Part B schedule answers (<see cref="PartBScheduleRule.TryRoute"/>): priced from it, or why not.</summary>
    internal ServicePrice(PaymentCalculator calculator, in PricingContext context, in PartBRoute route, HcpcsCode code, ModifierSet modifiers, int beneficiaryZip)
        : this(route.Outcome, context.Release, route.Text, code, Modifier.None)
    {
        _schedule = (byte)route.Schedule;
        _from = calculator;
        _detail = new CapOrRoute(modifiers, beneficiaryZip);
        _dateOfService = context.DateOfService;
        _match = (byte)context.Match;
        _confidence = (byte)route.Confidence;
        if (route.Outcome == PriceOutcome.Priced)
        {
            _text = route.ConfidenceReason; // a priced route has no text of its own: its sentence is written when read
            FeeScheduleAmount = route.Fee;
            AllowedAmount = route.Fee; // one unit; DMEPOS suppliers and laboratories are paid the schedule's amount whether they participate or not
        }
    }

    /// <summary>
    /// The schedule that answered: <see cref="PaymentSchedule.PhysicianFeeSchedule"/>, or the CLFS, DMEPOS or ASP
    /// schedule for a code the physician fee schedule does not pay (its step names the row and the file).
    /// </summary>
    public PaymentSchedule Schedule => (PaymentSchedule)_schedule;

    /// <summary>What could be said.</summary>
    public PriceOutcome Outcome => (PriceOutcome)_outcome;

    /// <summary>The participating fee schedule amount (after the OPPS cap where it binds); 0 unless <see cref="PriceOutcome.Priced"/>.</summary>
    public decimal FeeScheduleAmount { get; }

    /// <summary>The fee schedule amount before the OPPS cap (the PPRRVU formula, rounded once); 0 unless <see cref="PriceOutcome.Priced"/>.</summary>
    public decimal AmountBeforeOppsCap => Outcome == PriceOutcome.Priced && _rows is not null ? _detail.Uncapped : 0m;

    /// <summary>
    /// For a code with OPPS RVUs in the PPRRVU file: the OPPS-based amount that caps the fee in this setting and
    /// locality (rounded once, to the cent); <c>null</c> for codes the cap does not apply to (DRA 2005 section 5102(b)).
    /// </summary>
    public decimal? OppsCapAmount => Outcome == PriceOutcome.Priced && _hasCap ? _detail.Cap : null;

    /// <summary>The amount Medicare allows: the fee schedule amount, or 95% of it for a non-participating provider.</summary>
    public decimal AllowedAmount { get; }

    /// <summary>For a non-participating provider: the most the provider may charge, 115% of the non-participating amount (fee schedule amount x 1.0925, as CMS computes it).</summary>
    public decimal? LimitingCharge => _nonParticipating ? _limitingCharge : null;

    /// <summary>The release used, when one covers the date.</summary>
    public FeeScheduleRelease? Release { get; }

    /// <summary>The RVU row used, when the release has one.</summary>
    public RvuEntry? Rvus => _rows is { } rows ? rows[_rowIndex] : null;

    /// <summary>The RVU row (only when <see cref="_rows"/> is set).</summary>
    private ref readonly RvuEntry Row => ref _rows![_rowIndex];

    /// <summary>Priced from an RVU row (not by another Part B schedule).</summary>
    private bool PricedFromRow => Outcome == PriceOutcome.Priced && _rows is not null;

    /// <summary>The locality whose GPCIs were used, or <c>null</c> for national prices.</summary>
    public Locality? Locality { get; }

    /// <summary>The setting priced.</summary>
    public PricingSetting Setting => (PricingSetting)_setting;

    /// <summary>Work RVU x work GPCI (GPCI 1.000 for national prices); 0 unless priced.</summary>
    public decimal WorkComponent => PricedFromRow ? Row.WorkRvu * Gpci.WorkGpci : 0m;

    /// <summary>PE RVU (of the setting) x PE GPCI; 0 unless priced.</summary>
    public decimal PracticeExpenseComponent => PricedFromRow
        ? (Setting == PricingSetting.Facility ? Row.FacilityPracticeExpenseRvu : Row.NonFacilityPracticeExpenseRvu) * Gpci.PracticeExpenseGpci : 0m;

    /// <summary>MP RVU x MP GPCI; 0 unless priced.</summary>
    public decimal MalpracticeComponent => PricedFromRow ? Row.MalpracticeRvu * Gpci.MalpracticeGpci : 0m;

    private Locality Gpci => Locality ?? Pricing.Locality.National;

    /// <summary>The conversion factor applied, dollars per RVU.</summary>
    public decimal ConversionFactor { get; }

    /// <summary>How far the price can be trusted.</summary>
    public PriceConfidence Confidence => Outcome == PriceOutcome.Priced && Schedule == PaymentSchedule.PhysicianFeeSchedule ? Assess().Item1 : (PriceConfidence)_confidence;

    /// <summary>Why the confidence is what it is.</summary>
    public string ConfidenceReason => Outcome == PriceOutcome.Priced
        ? (Schedule == PaymentSchedule.PhysicianFeeSchedule ? Assess().Item2 : _text!)
        : Outcome switch
    {
        _ when Schedule != PaymentSchedule.PhysicianFeeSchedule => NoAmount,
        PriceOutcome.CarrierPriced when _rows is not null => "carrier priced",
        PriceOutcome.CarrierPriced => "by individual consideration",
        PriceOutcome.Bundled or PriceOutcome.NotPayable => "status code",
        _ => NoAmount,
    };

    /// <summary>Why a service without an amount has low confidence (a fee schedule's or another Part B schedule's).</summary>
    internal const string NoAmount = "no fee schedule amount";

    /// <summary>The other Part B schedules of the service's date, as the calculator resolved them when it priced it.</summary>
    private PartBContext PartB => _from is PaymentCalculator calculator ? calculator.PartBFor(_dateOfService) : default;

    /// <summary>A sentence for the user.</summary>
    public string Reason => Outcome == PriceOutcome.Priced && Schedule != PaymentSchedule.PhysicianFeeSchedule
        ? PartBScheduleRule.Sentence(PartB, PartBDescribe(), _code, _detail.Modifiers, Schedule, FeeScheduleAmount, 1)
        : _text ?? Outcome switch
    {
        PriceOutcome.Priced => $"{Describe()} priced from {Release!.Id}.",
        PriceOutcome.CarrierPriced when _rows is not null => StatusRule.Sentence(Describe(), Row),
        PriceOutcome.CarrierPriced => $"{_code}-53 has no RVU row in {Release!.Id}: the contractor prices a discontinued procedure by individual consideration (RVU readme, modifier field).",
        PriceOutcome.Bundled or PriceOutcome.NotPayable => StatusRule.Sentence(Describe(), Row),
        PriceOutcome.UnknownCode when Release!.Rvus.Contains(_code) => $"{_code} has no RVU row with modifier {_modifier} in {Release.Id}; modifiers other than 26, TC and 53 do not select a row.",
        PriceOutcome.UnknownCode => $"{_code} is not in {Release!.Id}.",
        PriceOutcome.InvalidModifier => InvalidModifierReason(),
        _ => string.Empty,
    };

    /// <summary>The steps applied, in order, each with the CMS source it follows (written when read).</summary>
    public ImmutableArray<PricingStep> Steps => Schedule != PaymentSchedule.PhysicianFeeSchedule
        ? (Outcome == PriceOutcome.Priced ? [PartBScheduleRule.Step(PartB, Release, _code, _detail.Modifiers, _detail.BeneficiaryZip, _dateOfService, Schedule, FeeScheduleAmount)] : [])
        : Release is not null && _rows is not null ? BuildSteps() : [];

    /// <summary>Things the biller should know: NA setting, T status, a ZIP code that needs its +4 (written when read).</summary>
    public ImmutableArray<string> Warnings => Outcome == PriceOutcome.Priced && Schedule == PaymentSchedule.PhysicianFeeSchedule ? BuildWarnings() : [];

    private (PriceConfidence, string) Assess() => Assess(Row, Setting, _byZip && _zip.PlusFourRequired, (ReleaseMatch)_match);

    /// <summary>The confidence of a priced row, and why (constant texts: pricing allocates nothing).</summary>
    internal static (PriceConfidence, string) Assess(in RvuEntry row, PricingSetting setting, bool zipNeedsPlusFour, ReleaseMatch match)
    {
        bool facility = setting == PricingSetting.Facility;
        if (row.Status == StatusCode.Injection)
        {
            return (PriceConfidence.Medium, "status T");
        }

        if (facility ? row.FacilityNotApplicable : row.NonFacilityNotApplicable)
        {
            return (PriceConfidence.Medium, facility ? "facility NA: rarely or never done in that setting" : "non-facility NA: rarely or never done in that setting");
        }

        if (zipNeedsPlusFour)
        {
            return (PriceConfidence.Medium, "the ZIP code spans localities; the ZIP+4 file places it exactly");
        }

        return match switch
        {
            ReleaseMatch.InForce => (PriceConfidence.High, "release in force, CMS formula"),
            ReleaseMatch.EarlierReleaseMissing => (PriceConfidence.Low, "release in force not loaded; a later release of the year used"),
            _ => (PriceConfidence.Medium, "later release of the year not loaded"),
        };
    }

    private ImmutableArray<PricingStep> BuildSteps()
    {
        var release = Release!;
        var steps = ImmutableArray.CreateBuilder<PricingStep>();
        steps.Add(ContextSteps.Release(release, (ReleaseMatch)_match, _dateOfService));
        if (Outcome != PriceOutcome.Priced)
        {
            return steps.ToImmutable();
        }

        if (_byZip)
        {
            steps.Add(ContextSteps.Locality(_zip));
        }

        var fee = FeeScheduleAmountRule.Instance;
        steps.Add(new PricingStep(fee.Rule, fee.Name, FeeScheduleAmountRule.Describe(Row, Locality, Setting, ConversionFactor), _detail.Uncapped, FeeScheduleAmountRule.SourceFor(release, _from as ConversionFactorPeriod)));
        if (_hasCap)
        {
            var cap = OppsCapRule.Instance;
            steps.Add(new PricingStep(cap.Rule, cap.Name, OppsCapRule.Describe(_detail.Cap, _capBinds), FeeScheduleAmount, cap.Source) { AmountBefore = _detail.Uncapped });
        }

        if (_nonParticipating)
        {
            var nonPar = NonParticipatingRule.Instance;
            steps.Add(new PricingStep(nonPar.Rule, nonPar.Name, NonParticipatingRule.Describe(FeeScheduleAmount, LimitingCharge), AllowedAmount, nonPar.Source)
            {
                Factor = NonParticipatingRule.Share,
                AmountBefore = FeeScheduleAmount,
            });
        }

        return steps.ToImmutable();
    }

    private ImmutableArray<string> BuildWarnings()
    {
        var warnings = ImmutableArray.CreateBuilder<string>();
        if (_byZip && _zip.PlusFourRequired)
        {
            warnings.Add($"ZIP {_zip.Zip:D5} spans localities: CMS's ZIP9 file gives the locality of each ZIP+4.");
        }

        FeeScheduleAmountRule.Warn(Describe(), Row, Setting, warnings);

        if (Row.Status == StatusCode.Injection)
        {
            warnings.Add("Status T: paid only when no other fee schedule service is billed by the same provider on the same day; otherwise bundled.");
        }

        if ((ReleaseMatch)_match == ReleaseMatch.EarlierReleaseMissing)
        {
            warnings.Add(ContextSteps.EarlierMissingWarning(Release!, _dateOfService));
        }

        if (_qpComputed)
        {
            warnings.Add(ContextSteps.QpComputedWarning(Release!, ConversionFactor));
        }

        if (_qpWithoutFactor)
        {
            warnings.Add("No qualifying APM participant conversion factor is known for this date; the release's factor is used.");
        }

        return warnings.ToImmutable();
    }

    private string InvalidModifierReason() => ComponentRowRule.InvalidModifierSentence(Release!, _code, _modifier);

    private string Describe() => _modifier.IsSome ? $"{_code}-{_modifier}" : _code.ToString();

    private string PartBDescribe() => _detail.Modifiers.Count > 0 ? $"{_code}-{_detail.Modifiers.ToString().Replace(',', '-')}" : _code.ToString();

    /// <summary>
    /// What only a fee schedule row has (the OPPS cap and the amount before it) or what only a service of another
    /// Part B schedule keeps (its modifiers and the beneficiary's ZIP code): never both, so they share 32 bytes.
    /// </summary>
    [StructLayout(LayoutKind.Explicit)]
    private readonly struct CapOrRoute
    {
        [FieldOffset(0)]
        public readonly decimal Cap;

        [FieldOffset(16)]
        public readonly decimal Uncapped;

        [FieldOffset(0)]
        public readonly ModifierSet Modifiers;

        [FieldOffset(8)]
        public readonly int BeneficiaryZip;

        public CapOrRoute(decimal cap, decimal uncapped) => (Cap, Uncapped) = (cap, uncapped);

        public CapOrRoute(ModifierSet modifiers, int beneficiaryZip) => (Modifiers, BeneficiaryZip) = (modifiers, beneficiaryZip);
    }
}
