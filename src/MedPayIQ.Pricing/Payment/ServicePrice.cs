using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>
/// The price of one service, and why. Amounts are dollars, computed exactly and rounded once, to the cent, half away
/// from zero. RVUs and GPCIs are shown as used (GPCIs 1.000 for national prices). A value type: pricing allocates
/// nothing; <see cref="Reason"/>, <see cref="Steps"/> and <see cref="Warnings"/> are written when read.
/// </summary>
public readonly struct ServicePrice
{
    private readonly RvuEntry _row;
    private readonly bool _hasRow;
    private readonly string? _reason; // set when the reason comes from elsewhere (the catalog)
    private readonly HcpcsCode _code;
    private readonly Modifier _modifier;
    private readonly ZipLocality _zip;
    private readonly bool _byZip;
    private readonly bool _capBinds, _hasCap, _participating;
    private readonly decimal _cap, _uncapped;
    private readonly ReleaseMatch _match;
    private readonly ConversionFactorPeriod? _period;
    private readonly bool _qpWithoutFactor, _qpComputed;
    private readonly DateOnly _dateOfService;
    private readonly PriceConfidence _confidence; // when not priced; a priced service's confidence is assessed when read
    private readonly PaymentCalculator? _partBFrom; // a service another Part B schedule answers: the calculator whose schedules it reads again when read (a reference, not the schedules: a fee schedule service's result stays small)
    private readonly ModifierSet _modifiers;
    private readonly int _beneficiaryZip;
    private readonly string? _confidenceReason;

    internal ServicePrice(PriceOutcome outcome, FeeScheduleRelease? release, string? reason, HcpcsCode code, Modifier modifier)
    {
        Outcome = outcome;
        Release = release;
        _reason = reason;
        _code = code;
        _modifier = modifier;
        _confidence = outcome is PriceOutcome.Bundled or PriceOutcome.NotPayable ? PriceConfidence.High : PriceConfidence.Low;
    }

    internal ServicePrice(PriceOutcome outcome, FeeScheduleRelease release, in RvuEntry row)
        : this(outcome, release, null, row.Hcpcs, row.Modifier)
    {
        _row = row;
        _hasRow = true;
    }

    internal ServicePrice(FeeScheduleRelease release, ReleaseMatch match, in RvuEntry row, Locality? locality, in ZipLocality zip, bool byZip,
        PricingSetting setting, decimal conversionFactor, ConversionFactorPeriod? period, bool qpWithoutFactor, decimal uncapped, decimal fee,
        bool hasCap, decimal cap, bool participating, decimal allowed, decimal? limitingCharge, DateOnly dateOfService = default, bool qpComputed = false)
        : this(PriceOutcome.Priced, release, row)
    {
        _dateOfService = dateOfService;
        _qpComputed = qpComputed;
        _match = match;
        Locality = locality;
        _zip = zip;
        _byZip = byZip;
        Setting = setting;
        ConversionFactor = conversionFactor;
        _period = period;
        _qpWithoutFactor = qpWithoutFactor;
        _hasCap = hasCap;
        _cap = cap;
        _uncapped = uncapped;
        _capBinds = hasCap && cap < uncapped;
        FeeScheduleAmount = fee;
        _participating = participating;
        AllowedAmount = allowed;
        LimitingCharge = limitingCharge;
    }

    /// <summary>A service another Part B schedule answers (<see cref="PartBScheduleRule.TryRoute"/>): priced from it, or why not.</summary>
    internal ServicePrice(PaymentCalculator calculator, in PricingContext context, in PartBRoute route, HcpcsCode code, ModifierSet modifiers, int beneficiaryZip)
        : this(route.Outcome, context.Release, route.Text, code, Modifier.None)
    {
        Schedule = route.Schedule;
        _partBFrom = calculator;
        _modifiers = modifiers;
        _beneficiaryZip = beneficiaryZip;
        _dateOfService = context.DateOfService;
        _match = context.Match;
        _confidence = route.Confidence;
        _confidenceReason = route.ConfidenceReason;
        if (route.Outcome == PriceOutcome.Priced)
        {
            FeeScheduleAmount = route.Fee;
            AllowedAmount = route.Fee; // one unit; DMEPOS suppliers and laboratories are paid the schedule's amount whether they participate or not
        }
    }

    /// <summary>
    /// The schedule that answered: <see cref="PaymentSchedule.PhysicianFeeSchedule"/>, or the CLFS, DMEPOS or ASP
    /// schedule for a code the physician fee schedule does not pay (its step names the row and the file).
    /// </summary>
    public PaymentSchedule Schedule { get; }

    /// <summary>What could be said.</summary>
    public PriceOutcome Outcome { get; }

    /// <summary>The participating fee schedule amount (after the OPPS cap where it binds); 0 unless <see cref="PriceOutcome.Priced"/>.</summary>
    public decimal FeeScheduleAmount { get; }

    /// <summary>The fee schedule amount before the OPPS cap (the PPRRVU formula, rounded once); 0 unless <see cref="PriceOutcome.Priced"/>.</summary>
    public decimal AmountBeforeOppsCap => Outcome == PriceOutcome.Priced ? _uncapped : 0m;

    /// <summary>
    /// For a code with OPPS RVUs in the PPRRVU file: the OPPS-based amount that caps the fee in this setting and
    /// locality (rounded once, to the cent); <c>null</c> for codes the cap does not apply to (DRA 2005 section 5102(b)).
    /// </summary>
    public decimal? OppsCapAmount => Outcome == PriceOutcome.Priced && _hasCap ? _cap : null;

    /// <summary>The amount Medicare allows: the fee schedule amount, or 95% of it for a non-participating provider.</summary>
    public decimal AllowedAmount { get; }

    /// <summary>For a non-participating provider: the most the provider may charge, 115% of the non-participating amount (fee schedule amount x 1.0925, as CMS computes it).</summary>
    public decimal? LimitingCharge { get; }

    /// <summary>The release used, when one covers the date.</summary>
    public FeeScheduleRelease? Release { get; }

    /// <summary>The RVU row used, when the release has one.</summary>
    public RvuEntry? Rvus => _hasRow ? _row : null;

    /// <summary>The locality whose GPCIs were used, or <c>null</c> for national prices.</summary>
    public Locality? Locality { get; }

    /// <summary>The setting priced.</summary>
    public PricingSetting Setting { get; }

    /// <summary>Work RVU x work GPCI (GPCI 1.000 for national prices); 0 unless priced.</summary>
    public decimal WorkComponent => Outcome == PriceOutcome.Priced ? _row.WorkRvu * Gpci.WorkGpci : 0m;

    /// <summary>PE RVU (of the setting) x PE GPCI; 0 unless priced.</summary>
    public decimal PracticeExpenseComponent => Outcome == PriceOutcome.Priced
        ? (Setting == PricingSetting.Facility ? _row.FacilityPracticeExpenseRvu : _row.NonFacilityPracticeExpenseRvu) * Gpci.PracticeExpenseGpci : 0m;

    /// <summary>MP RVU x MP GPCI; 0 unless priced.</summary>
    public decimal MalpracticeComponent => Outcome == PriceOutcome.Priced ? _row.MalpracticeRvu * Gpci.MalpracticeGpci : 0m;

    private Locality Gpci => Locality ?? Pricing.Locality.National;

    /// <summary>The conversion factor applied, dollars per RVU.</summary>
    public decimal ConversionFactor { get; }

    /// <summary>How far the price can be trusted.</summary>
    public PriceConfidence Confidence => Outcome == PriceOutcome.Priced && Schedule == PaymentSchedule.PhysicianFeeSchedule ? Assess().Item1 : _confidence;

    /// <summary>Why the confidence is what it is.</summary>
    public string ConfidenceReason => _confidenceReason ?? (Outcome == PriceOutcome.Priced ? Assess().Item2 : Outcome switch
    {
        PriceOutcome.CarrierPriced when _hasRow => "carrier priced",
        PriceOutcome.CarrierPriced => "by individual consideration",
        PriceOutcome.Bundled or PriceOutcome.NotPayable => "status code",
        _ => "no fee schedule amount",
    });

    /// <summary>The other Part B schedules of the service's date, as the calculator resolved them when it priced it.</summary>
    private PartBContext PartB => _partBFrom?.PartBFor(_dateOfService) ?? default;

    /// <summary>A sentence for the user.</summary>
    public string Reason => _reason ?? Outcome switch
    {
        PriceOutcome.Priced when Schedule != PaymentSchedule.PhysicianFeeSchedule
            => PartBScheduleRule.Sentence(PartB, PartBDescribe(), _code, _modifiers, Schedule, FeeScheduleAmount, 1),
        PriceOutcome.Priced => $"{Describe()} priced from {Release!.Id}.",
        PriceOutcome.CarrierPriced when _hasRow => StatusRule.Sentence(Describe(), _row),
        PriceOutcome.CarrierPriced => $"{_code}-53 has no RVU row in {Release!.Id}: the contractor prices a discontinued procedure by individual consideration (RVU readme, modifier field).",
        PriceOutcome.Bundled or PriceOutcome.NotPayable => StatusRule.Sentence(Describe(), _row),
        PriceOutcome.UnknownCode when Release!.Rvus.Contains(_code) => $"{_code} has no RVU row with modifier {_modifier} in {Release.Id}; modifiers other than 26, TC and 53 do not select a row.",
        PriceOutcome.UnknownCode => $"{_code} is not in {Release!.Id}.",
        PriceOutcome.InvalidModifier => InvalidModifierReason(),
        _ => string.Empty,
    };

    /// <summary>The steps applied, in order, each with the CMS source it follows (written when read).</summary>
    public ImmutableArray<PricingStep> Steps => Schedule != PaymentSchedule.PhysicianFeeSchedule
        ? (Outcome == PriceOutcome.Priced ? [PartBScheduleRule.Step(PartB, Release, _code, _modifiers, _beneficiaryZip, _dateOfService, Schedule, FeeScheduleAmount)] : [])
        : Release is not null && _hasRow ? BuildSteps() : [];

    /// <summary>Things the biller should know: NA setting, T status, a ZIP code that needs its +4 (written when read).</summary>
    public ImmutableArray<string> Warnings => Outcome == PriceOutcome.Priced && Schedule == PaymentSchedule.PhysicianFeeSchedule ? BuildWarnings() : [];

    private (PriceConfidence, string) Assess() => Assess(_row, Setting, _byZip && _zip.PlusFourRequired, _match);

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
        steps.Add(ContextSteps.Release(release, _match, _dateOfService));
        if (Outcome != PriceOutcome.Priced)
        {
            return steps.ToImmutable();
        }

        if (_byZip)
        {
            steps.Add(ContextSteps.Locality(_zip));
        }

        var fee = FeeScheduleAmountRule.Instance;
        steps.Add(new PricingStep(fee.Rule, fee.Name, FeeScheduleAmountRule.Describe(_row, Locality, Setting, ConversionFactor), _uncapped, FeeScheduleAmountRule.SourceFor(release, _period)));
        if (_hasCap)
        {
            var cap = OppsCapRule.Instance;
            steps.Add(new PricingStep(cap.Rule, cap.Name, OppsCapRule.Describe(_cap, _capBinds), FeeScheduleAmount, cap.Source) { AmountBefore = _uncapped });
        }

        if (!_participating)
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

        FeeScheduleAmountRule.Warn(Describe(), _row, Setting, warnings);

        if (_row.Status == StatusCode.Injection)
        {
            warnings.Add("Status T: paid only when no other fee schedule service is billed by the same provider on the same day; otherwise bundled.");
        }

        if (_match == ReleaseMatch.EarlierReleaseMissing)
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

    private string InvalidModifierReason()
    {
        var global = Release!.Rvus.GetRows(_code)[0];
        return $"{_code} has PC/TC indicator {(int)global.PcTc} ({global.PcTc}): modifier {_modifier} cannot be used with it (RVU readme, Attachment A).";
    }

    private string Describe() => _modifier.IsSome ? $"{_code}-{_modifier}" : _code.ToString();

    private string PartBDescribe() => _modifiers.Count > 0 ? $"{_code}-{_modifiers.ToString().Replace(',', '-')}" : _code.ToString();
}
