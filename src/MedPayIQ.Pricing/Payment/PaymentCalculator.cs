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
public enum PriceOutcome
{
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
    /// <summary>No loaded release covers the date of service.</summary>
    NoRelease,
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

/// <summary>One step of a price, in the order applied, with the CMS source it follows.</summary>
/// <param name="Rule">The rule, such as "fee schedule amount".</param>
/// <param name="Detail">What the step did, with its figures.</param>
/// <param name="Amount">The amount after the step, dollars (exact until the rounding step).</param>
/// <param name="Source">The CMS source: manual chapter and section, readme, or file.</param>
public sealed record PricingStep(string Rule, string Detail, decimal Amount, string Source)
{
    /// <summary>The factor the step multiplied by, when it is one (such as 0.5 or 1.5); <c>null</c> for steps that add, subtract or look up.</summary>
    public decimal? Factor { get; init; }

    /// <summary>The amount before the step, dollars (exact: amounts are rounded once, at the step that says so).</summary>
    public decimal AmountBefore { get; init; }
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
        PriceOutcome.CarrierPriced when _hasRow => $"{Describe()} has status {(char)_row.Status}: the contractor prices it case by case{(_row.Status == StatusCode.RestrictedCoverage ? ", if covered" : "")}.",
        PriceOutcome.CarrierPriced => $"{_code}-53 has no RVU row in {Release!.Id}: the contractor prices a discontinued procedure by individual consideration (RVU readme, modifier field).",
        PriceOutcome.Bundled => $"{Describe()} has status {(char)_row.Status}: payment is bundled into other services; no separate payment.",
        PriceOutcome.NotPayable => $"{Describe()} has status {(char)_row.Status} ({_row.Status}): not payable under the physician fee schedule.",
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
        steps.Add(new PricingStep("release", _match == ReleaseMatch.InForce ? release.InForceReason : $"{release.Id} covers dates through {release.NominalEffectiveThrough:yyyy-MM-dd}; the later release of the year is not loaded", 0m, $"{release.Id}, PPRRVU sha256 {release.RvuFileSha256}"));
        if (Outcome != PriceOutcome.Priced)
        {
            return steps.ToImmutable();
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (_byZip)
        {
            steps.Add(new PricingStep("locality", string.Create(inv, $"ZIP {_zip.Zip:D5} ({_zip.State}) is priced in {_zip.Locality}"), 0m, "CMS ZIP5 carrier-locality file"));
        }

        bool facility = Setting == PricingSetting.Facility;
        decimal wg = Locality?.WorkGpci ?? 1m, pg = Locality?.PracticeExpenseGpci ?? 1m, mg = Locality?.MalpracticeGpci ?? 1m;
        var pe = facility ? _row.FacilityPracticeExpenseRvu : _row.NonFacilityPracticeExpenseRvu;
        string cfSource = _period?.Source ?? $"CONV FACTOR of {release.Id}";
        steps.Add(new PricingStep("fee schedule amount",
            string.Create(inv, $"({_row.WorkRvu} x {wg} + {pe} x {pg} + {_row.MalpracticeRvu} x {mg}) x {ConversionFactor}, {(facility ? "facility" : "non-facility")}, {(Locality is null ? "national" : Locality.Key.ToString())}, rounded once"),
            _uncapped, $"CMS RVU file readme (RVU25D), payment formula; {cfSource}"));
        if (_hasCap)
        {
            steps.Add(_capBinds
                ? new PricingStep("OPPS cap", string.Create(inv, $"the OPPS-based amount {_cap} is lower: it is paid"), FeeScheduleAmount, "Deficit Reduction Act of 2005 section 5102(b); RVU readme, OPPS payment amount; OPPSCAP file")
                : new PricingStep("OPPS cap", string.Create(inv, $"the OPPS-based amount {_cap} is not lower: no cap"), FeeScheduleAmount, "Deficit Reduction Act of 2005 section 5102(b)"));
        }

        if (!_participating)
        {
            steps.Add(new PricingStep("non-participating", string.Create(inv, $"95% of {FeeScheduleAmount}; limiting charge {FeeScheduleAmount} x 1.0925 = {LimitingCharge}"), AllowedAmount, "RVU readme (limiting charge: 115% of the 95% non-participating amount, fee schedule amount x 1.0925)"));
        }

        return steps.ToImmutable();
    }

    private ImmutableArray<string> BuildWarnings()
    {
        var warnings = ImmutableArray.CreateBuilder<string>();
        bool facility = Setting == PricingSetting.Facility;
        if (_byZip && _zip.PlusFourRequired)
        {
            warnings.Add($"ZIP {_zip.Zip:D5} spans localities: CMS's ZIP9 file gives the locality of each ZIP+4.");
        }

        if (facility ? _row.FacilityNotApplicable : _row.NonFacilityNotApplicable)
        {
            warnings.Add($"{Describe()} is marked NA in the {(facility ? "facility" : "non-facility")} setting (rarely or never done there); priced with the file's PE, as CMS's PF files do.");
            if (facility && _row.PcTc == PcTcIndicator.DiagnosticTest && _row.Modifier != Pricing.Modifier.ProfessionalComponent)
            {
                warnings.Add("In a facility the technical component is paid to the facility: a practitioner bills the -26 row.");
            }
        }

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
    /// <summary>The non-participating share of the fee schedule amount (RVU readme).</summary>
    internal const decimal NonParticipatingShare = 0.95m;

    /// <summary>The limiting charge as a multiple of the fee schedule amount: 115% of 95% (RVU readme).</summary>
    internal const decimal LimitingChargeFactor = 1.0925m;

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
        return ClaimPricing.Price(this, claim);
    }

    /// <summary>
    /// What <see cref="Price(in PricingContext, HcpcsCode, Modifier, PricingSetting, bool)"/> would answer, without
    /// building the explanation: the outcome, the row (when the release has one) and the fee when priced.
    /// </summary>
    internal static PriceOutcome Quote(in PricingContext context, HcpcsCode code, Modifier modifier, PricingSetting setting, out RvuEntry[] rows, out int index, out decimal fee)
    {
        fee = 0m;
        rows = NoRow;
        index = 0;
        if (context.Release is not { } release)
        {
            return PriceOutcome.NoRelease;
        }

        int i = release.Rvus.IndexOf(code, modifier);
        if (i < 0)
        {
            var all = release.Rvus.GetRows(code);
            return all.IsEmpty ? PriceOutcome.UnknownCode
                : modifier == Pricing.Modifier.ProfessionalComponent || modifier == Pricing.Modifier.TechnicalComponent ? PriceOutcome.InvalidModifier
                : modifier == Pricing.Modifier.Discontinued ? PriceOutcome.CarrierPriced
                : PriceOutcome.UnknownCode;
        }

        rows = release.Rvus.EntryArray;
        index = i;
        ref readonly var row = ref rows[i];
        switch (row.Status)
        {
            case StatusCode.CarrierPriced or StatusCode.RestrictedCoverage:
                return PriceOutcome.CarrierPriced;
            case StatusCode.Bundled or StatusCode.BundledOrExcluded:
                return PriceOutcome.Bundled;
            case StatusCode.Active or StatusCode.Injection:
                break;
            default:
                return PriceOutcome.NotPayable;
        }

        if (context.LocationFailure is not null)
        {
            return PriceOutcome.UnknownLocation;
        }

        fee = Fee(context, row, setting, out _, out _, out _);
        return PriceOutcome.Priced;
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

    /// <summary>The formula, and the OPPS cap where the row carries OPPS RVUs.</summary>
    private static decimal Fee(in PricingContext context, in RvuEntry row, PricingSetting setting, out decimal uncapped, out bool hasCap, out decimal cap)
    {
        bool facility = setting == PricingSetting.Facility;
        var gpci = context.Locality ?? Pricing.Locality.National;
        decimal cf = context.ConversionFactor;
        long cfUnits = context.FactorTenThousandths;
        int peRvu = facility ? row.FacilityPeHundredths : row.NonFacilityPeHundredths;
        uncapped = FeeFormula.Amount(row.WorkHundredths, peRvu, row.MpHundredths, gpci, cf, cfUnits);
        cap = 0m;
        hasCap = row.HasOppsRvus;
        if (!hasCap)
        {
            return uncapped;
        }

        cap = FeeFormula.Amount(row.WorkHundredths, facility ? row.OppsFacilityPeHundredths : row.OppsNonFacilityPeHundredths, row.OppsMpHundredths, gpci, cf, cfUnits);
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

        switch (row.Status)
        {
            case StatusCode.CarrierPriced or StatusCode.RestrictedCoverage:
                return new ServicePrice(PriceOutcome.CarrierPriced, release, row);
            case StatusCode.Bundled or StatusCode.BundledOrExcluded:
                return new ServicePrice(PriceOutcome.Bundled, release, row);
            case StatusCode.Active or StatusCode.Injection:
                break;
            default:
                return new ServicePrice(PriceOutcome.NotPayable, release, row);
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
            allowed = FeeFormula.Round(fee * NonParticipatingShare);
            limiting = FeeFormula.Round(fee * LimitingChargeFactor);
        }

        return new ServicePrice(context.Release!, context.Match, row, context.Locality, context.Zip, context.ByZip, setting, context.ConversionFactor, context.Period,
            context.QpWithoutFactor, uncapped, fee, hasCap, cap, participating, allowed, limiting);
    }

    private static ServicePrice Missing(FeeScheduleRelease release, HcpcsCode code, Modifier modifier)
    {
        var rows = release.Rvus.GetRows(code);
        if (!rows.IsEmpty && (modifier == Pricing.Modifier.ProfessionalComponent || modifier == Pricing.Modifier.TechnicalComponent))
        {
            return new ServicePrice(PriceOutcome.InvalidModifier, release, null, code, modifier);
        }

        if (!rows.IsEmpty && modifier == Pricing.Modifier.Discontinued)
        {
            return new ServicePrice(PriceOutcome.CarrierPriced, release, null, code, modifier);
        }

        return new ServicePrice(PriceOutcome.UnknownCode, release, null, code, modifier);
    }
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
