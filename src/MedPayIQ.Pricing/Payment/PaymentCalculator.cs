using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>One service to price: a code and its pricing modifier, a date of service, where, in which setting, by whom.</summary>
/// <param name="Hcpcs">The HCPCS code.</param>
/// <param name="Modifier">The modifier that selects the RVU row: none (global), 26, TC or 53. Other modifiers are claim rules.</param>
/// <param name="DateOfService">The date of service: it picks the release and the conversion factor.</param>
/// <param name="Location">National, a carrier/locality, or a ZIP code.</param>
/// <param name="Setting">Facility or non-facility (see <see cref="PlaceOfService.Setting"/>).</param>
/// <param name="Participating">Whether the provider participates in Medicare (accepts assignment on every claim).</param>
/// <param name="QualifyingApmParticipant">From 2026: whether the clinician is a qualifying APM participant (the higher conversion factor).</param>
public readonly record struct ServiceRequest(
    HcpcsCode Hcpcs, Modifier Modifier, DateOnly DateOfService, PricingLocation Location, PricingSetting Setting,
    bool Participating = true, bool QualifyingApmParticipant = false);

/// <summary>What the calculator could say about a service.</summary>
/// <remarks><c>default</c> is <see cref="NoRelease"/>: nothing is priced until the calculator says so.</remarks>
public enum PriceOutcome
{
    /// <summary>No loaded release covers the date of service (also the <c>default</c> of a result nothing priced).</summary>
    NoRelease = 0,
    /// <summary>Priced from the fee schedule.</summary>
    Priced,
    /// <summary>The contractor (MAC) prices the service case by case (status C, or R if covered); no fee schedule amount.</summary>
    CarrierPriced,
    /// <summary>Payment is bundled into other services (status B or P): $0.</summary>
    Bundled,
    /// <summary>Not payable under the fee schedule (status E, I, M, N, X, J and the historical D, F, G, H).</summary>
    NotPayable,
    /// <summary>The release has no row for the code, or for the code with that modifier.</summary>
    UnknownCode,
    /// <summary>The modifier cannot be used with the code (its PC/TC indicator forbids 26 or TC).</summary>
    InvalidModifier,
    /// <summary>The locality or ZIP code is not in the release.</summary>
    UnknownLocation,
    /// <summary>The claim line is incomplete or impossible: units below 1, a negative charge or minutes, anesthesia without base units.</summary>
    InvalidLine,
}

/// <summary>How far a price can be trusted.</summary>
public enum PriceConfidence
{
    /// <summary>Computed from the release in force with CMS's formula (reproduces CMS's published amounts).</summary>
    High,
    /// <summary>Computed, with a caveat (a later release of the year is not loaded, an NA setting, a ZIP code that spans localities, a T-status code).</summary>
    Medium,
    /// <summary>No fee schedule amount, or one the contractor sets (carrier priced, by report).</summary>
    Low,
}

/// <summary>One step of a price, in the order applied, with the CMS source it follows and its remittance meaning.</summary>
public sealed record PricingStep
{
    internal PricingStep(PricingRule rule, string name, string detail, decimal amount, string source)
    {
        Rule = rule;
        Name = name;
        Detail = detail;
        Amount = amount;
        Source = source;
    }

    /// <summary>The rule that wrote the step.</summary>
    public PricingRule Rule { get; }

    /// <summary>The rule's name, as people read it, such as "multiple procedures".</summary>
    public string Name { get; }

    /// <summary>What the step did, with its figures.</summary>
    public string Detail { get; }

    /// <summary>The amount after the step, dollars (exact until the rounding step).</summary>
    public decimal Amount { get; }

    /// <summary>The CMS source: manual chapter and section, readme, CFR section or file.</summary>
    public string Source { get; }

    /// <summary>The factor the step multiplied by, when it is one (such as 0.5 or 1.5); <c>null</c> for steps that add, subtract or look up.</summary>
    public decimal? Factor { get; internal init; }

    /// <summary>The amount before the step, dollars (exact: amounts are rounded once, at the step that says so).</summary>
    public decimal AmountBefore { get; internal init; }

    /// <summary>The remittance code of the part of the charge the step adjusts (CO-59, CO-97 M15, PR-2...), or <c>null</c> when it adjusts none.</summary>
    public RemittanceCode? Remittance { get; internal init; }

    /// <summary>The part of the line's charge the step adjusts on the remittance, dollars (0 when none).</summary>
    public decimal RemittanceAmount { get; internal init; }
}

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
    private readonly bool _qpWithoutFactor;
    private readonly PriceConfidence _confidence; // when not priced; a priced service's confidence is assessed when read

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
        bool hasCap, decimal cap, bool participating, decimal allowed, decimal? limitingCharge)
        : this(PriceOutcome.Priced, release, row)
    {
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
    public PriceConfidence Confidence => Outcome == PriceOutcome.Priced ? Assess().Item1 : _confidence;

    /// <summary>Why the confidence is what it is.</summary>
    public string ConfidenceReason => Outcome == PriceOutcome.Priced ? Assess().Item2 : Outcome switch
    {
        PriceOutcome.CarrierPriced when _hasRow => "carrier priced",
        PriceOutcome.CarrierPriced => "by individual consideration",
        PriceOutcome.Bundled or PriceOutcome.NotPayable => "status code",
        _ => "no fee schedule amount",
    };

    /// <summary>A sentence for the user.</summary>
    public string Reason => _reason ?? Outcome switch
    {
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
    public ImmutableArray<PricingStep> Steps => Release is not null && _hasRow ? BuildSteps() : [];

    /// <summary>Things the biller should know: NA setting, T status, a ZIP code that needs its +4 (written when read).</summary>
    public ImmutableArray<string> Warnings => Outcome == PriceOutcome.Priced ? BuildWarnings() : [];

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

        return match == ReleaseMatch.InForce
            ? (PriceConfidence.High, "release in force, CMS formula")
            : (PriceConfidence.Medium, "later release of the year not loaded");
    }

    private ImmutableArray<PricingStep> BuildSteps()
    {
        var release = Release!;
        var steps = ImmutableArray.CreateBuilder<PricingStep>();
        steps.Add(ContextSteps.Release(release, _match));
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
}

/// <summary>
/// Prices one service from the fee schedule release in force on its date of service: the RVU row of the code and
/// modifier, the locality's GPCIs, the setting's PE, the conversion factor (2026: by QP status), the OPPS imaging cap,
/// and non-participation. Claim-level rules (multiple procedures, bilateral, assistant, anesthesia...) are separate.
/// Thread-safe; the catalog is an immutable snapshot.
/// </summary>
public sealed class PaymentCalculator
{
    private readonly FeeScheduleCatalog _catalog;
    private readonly ConversionFactorSchedule _conversionFactors;

    /// <summary>Creates a calculator over a catalog of releases.</summary>
    /// <param name="catalog">The releases.</param>
    /// <param name="conversionFactors">Conversion factors by date (default <see cref="ConversionFactorSchedule.Medicare"/>); the release's own CF is used for dates it does not cover.</param>
    public PaymentCalculator(FeeScheduleCatalog catalog, ConversionFactorSchedule? conversionFactors = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _conversionFactors = conversionFactors ?? ConversionFactorSchedule.Medicare;
    }

    /// <summary>Prices one service. Never throws for unknown codes, localities or dates: the outcome says why. Allocates nothing.</summary>
    /// <remarks>
    /// What the date, place and APM status decide (release, locality, conversion factor) is remembered per thread for
    /// the last request, so a run of services of one date and place resolves it once; it is only ever read by the
    /// thread that wrote it.
    /// </remarks>
    public ServicePrice Price(in ServiceRequest request)
    {
        var memo = t_memo ??= new ThreadContext();
        ref var context = ref memo.Context;
        if (!ReferenceEquals(memo.Owner, this) || context.DateOfService != request.DateOfService || memo.Qualifying != request.QualifyingApmParticipant
            || context.Location.Kind != request.Location.Kind || context.Location.Locality != request.Location.Locality || context.Location.Zip != request.Location.Zip)
        {
            memo.Owner = null; // not valid until filled
            context = default;
            Resolve(ref context, request.DateOfService, request.Location, request.QualifyingApmParticipant);
            memo.Qualifying = request.QualifyingApmParticipant;
            memo.Owner = this;
        }

        return Price(context, request.Hcpcs, request.Modifier, request.Setting, request.Participating);
    }

    [ThreadStatic]
    private static ThreadContext? t_memo;

    /// <summary>A thread's last resolved context (one object per thread, reused).</summary>
    private sealed class ThreadContext
    {
        public PaymentCalculator? Owner;
        public bool Qualifying;
        public PricingContext Context;
    }

    /// <summary>
    /// Prices a claim: every line, with the claim rules that depend on the other lines of the same date of service
    /// (multiple procedures, endoscopy families, imaging, therapy, bilateral pairs, T status) and the line's own
    /// modifiers, provider, participation, charge and cost sharing. Never throws for unknown codes, modifiers or
    /// localities: each line's outcome says why. Line order never changes any line's amount.
    /// </summary>
    /// <param name="claim">The claim.</param>
    /// <returns>Each line's price and the claim's totals.</returns>
    /// <example>
    /// Five procedures on one date are ranked by fee and paid 100 / 50 / 50 / 50 / 50 % (MULT PROC 2), whatever their
    /// order on the claim; 27447-50 is paid 150 % of one side (BILAT SURG 1) before it is ranked.
    /// <code>
    /// var priced = calculator.Price(new Claim(lines) { Location = PricingLocation.Of(LocalityKey.Parse("01182/18")) });
    /// foreach (var line in priced.Lines) Console.WriteLine($"{line.LineNumber}: {line.AllowedAmount} {line.Reason}");
    /// </code>
    /// </example>
    public ClaimPrice Price(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return ClaimEngine.Price(this, claim);
    }

    /// <summary>A row array standing for "no row": one default entry.</summary>
    internal static readonly RvuEntry[] NoRow = new RvuEntry[1];

    /// <summary>The fee schedule amount of a code's row when it is payable (status A or T) and the location is known; no explanation kept.</summary>
    internal static bool TryFee(in PricingContext context, HcpcsCode code, Modifier modifier, PricingSetting setting, out decimal fee)
    {
        fee = 0m;
        if (context.Release is not { } release || context.LocationFailure is not null || !release.Rvus.TryGet(code, modifier, out var row)
            || row.Status is not (StatusCode.Active or StatusCode.Injection))
        {
            return false;
        }

        fee = Fee(context, row, setting, out _, out _, out _);
        return true;
    }

    /// <summary>The formula, and the OPPS cap where the row carries OPPS RVUs (<see cref="FeeScheduleAmountRule"/>, <see cref="OppsCapRule"/>).</summary>
    private static decimal Fee(in PricingContext context, in RvuEntry row, PricingSetting setting, out decimal uncapped, out bool hasCap, out decimal cap)
    {
        uncapped = FeeScheduleAmountRule.Amount(context, row, setting);
        hasCap = row.HasOppsRvus;
        if (!hasCap)
        {
            cap = 0m;
            return uncapped;
        }

        cap = OppsCapRule.Amount(context, row, setting);
        return Math.Min(uncapped, cap);
    }

    /// <summary>
    /// As <see cref="Context"/>, remembering the last answer (the claims of a batch mostly share their date and
    /// place), as a one-element array that claims of that date share as their result's contexts: it is never written
    /// after it is made, and a claim with more dates copies it into an array of its own. The memo is an immutable
    /// object swapped whole, so threads never see half of one.
    /// </summary>
    internal PricingContext[] ClaimContexts(DateOnly dateOfService, PricingLocation location, bool qualifyingApmParticipant)
    {
        var memo = _lastContext;
        if (memo is not null && memo.Contexts[0].DateOfService == dateOfService && memo.Qualifying == qualifyingApmParticipant
            && memo.Contexts[0].Location.Kind == location.Kind && memo.Contexts[0].Location.Locality == location.Locality && memo.Contexts[0].Location.Zip == location.Zip)
        {
            return memo.Contexts;
        }

        memo = new ContextMemo([Context(dateOfService, location, qualifyingApmParticipant)], qualifyingApmParticipant);
        _lastContext = memo;
        return memo.Contexts;
    }

    private ContextMemo? _lastContext;

    private sealed class ContextMemo(PricingContext[] contexts, bool qualifying)
    {
        public readonly PricingContext[] Contexts = contexts;
        public readonly bool Qualifying = qualifying;
    }

    /// <summary>Everything a date of service and a location decide: the release, its match, the locality and the conversion factor.</summary>
    internal PricingContext Context(DateOnly dateOfService, PricingLocation location, bool qualifyingApmParticipant)
    {
        PricingContext context = default;
        Resolve(ref context, dateOfService, location, qualifyingApmParticipant);
        return context;
    }

    /// <summary>Fills a context in place (the single-service path keeps it on its own stack frame: no copy).</summary>
    private void Resolve(ref PricingContext context, DateOnly dateOfService, PricingLocation location, bool qualifyingApmParticipant)
    {
        var resolved = _catalog.Resolve(dateOfService);
        context.DateOfService = dateOfService;
        context.Match = resolved.Match;
        context.Reason = resolved.Reason;
        context.Location = location;
        if (resolved.Release is not { } release)
        {
            return;
        }

        context.Release = release;
        context.ByZip = location.Kind == PricingLocationKind.Zip;
        if (location.Kind != PricingLocationKind.National)
        {
            var key = location.Locality;
            if (context.ByZip)
            {
                if (release.Zips is null || !release.Zips.TryGet(location.Zip, out context.Zip))
                {
                    context.LocationFailure = release.Zips is null
                        ? $"{release.Id} was loaded without a ZIP5 file; give the carrier and locality."
                        : $"ZIP code {location.Zip:D5} is not in {release.Id}'s ZIP5 file.";
                    return;
                }

                key = context.Zip.Locality;
            }

            if (release.Localities is null || !release.Localities.TryGet(key, out context.Locality))
            {
                context.LocationFailure = release.Localities is null
                    ? $"{release.Id} was loaded without a GPCI file; only national prices can be computed."
                    : $"{key} is not a locality of {release.Id}.";
                return;
            }
        }

        if (_conversionFactors.TryGet(dateOfService, out var period))
        {
            context.Period = period;
            context.ConversionFactor = period.For(qualifyingApmParticipant);
            context.FactorTenThousandths = period.TenThousandthsFor(qualifyingApmParticipant);
        }
        else
        {
            context.QpWithoutFactor = qualifyingApmParticipant;
            context.ConversionFactor = release.ConversionFactor;
            context.FactorTenThousandths = FeeFormula.TenThousandths(context.ConversionFactor);
        }
    }

    /// <summary>Prices one code and row modifier in a resolved context.</summary>
    internal static ServicePrice Price(in PricingContext context, HcpcsCode code, Modifier modifier, PricingSetting setting, bool participating)
    {
        if (context.Release is not { } release)
        {
            return new ServicePrice(PriceOutcome.NoRelease, null, context.Reason, code, modifier);
        }

        if (!release.Rvus.TryGet(code, modifier, out var row))
        {
            return Missing(release, code, modifier);
        }

        var (outcome, _) = StatusRule.Of(row.Status);
        if (outcome != PriceOutcome.Priced)
        {
            return new ServicePrice(outcome, release, row);
        }

        if (context.LocationFailure is { } failure)
        {
            return new ServicePrice(PriceOutcome.UnknownLocation, release, failure, code, modifier);
        }

        return PriceRow(context, row, setting, participating);
    }

    /// <summary>The fee of a payable row (status A or T) in a resolved context with a known location.</summary>
    internal static ServicePrice PriceRow(in PricingContext context, in RvuEntry row, PricingSetting setting, bool participating)
    {
        decimal fee = Fee(context, row, setting, out decimal uncapped, out bool hasCap, out decimal cap);
        decimal allowed = fee;
        decimal? limiting = null;
        if (!participating)
        {
            allowed = FeeFormula.Round(fee * NonParticipatingRule.Share);
            limiting = FeeFormula.Round(fee * NonParticipatingRule.LimitingChargeFactor);
        }

        return new ServicePrice(context.Release!, context.Match, row, context.Locality, context.Zip, context.ByZip, setting, context.ConversionFactor, context.Period,
            context.QpWithoutFactor, uncapped, fee, hasCap, cap, participating, allowed, limiting);
    }

    private static ServicePrice Missing(FeeScheduleRelease release, HcpcsCode code, Modifier modifier)
        => new(ComponentRowRule.Missing(release, code, modifier).Outcome, release, null, code, modifier);
}

/// <summary>What a date of service and a location decide, resolved once and shared by the lines that have them.</summary>
internal struct PricingContext
{
    public DateOnly DateOfService;
    public PricingLocation Location;
    public FeeScheduleRelease? Release;
    public ReleaseMatch Match;
    public string Reason;
    public Locality? Locality;
    public ZipLocality Zip;
    public bool ByZip;
    public string? LocationFailure;
    public decimal ConversionFactor;
    public long FactorTenThousandths;
    public ConversionFactorPeriod? Period;
    public bool QpWithoutFactor;
}
