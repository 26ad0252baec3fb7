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
/// <param name="Amount">The amount after the step, dollars.</param>
/// <param name="Source">The CMS source: manual chapter and section, readme, or file.</param>
public sealed record PricingStep(string Rule, string Detail, decimal Amount, string Source);

/// <summary>
/// The price of one service, and why. Amounts are dollars, computed exactly and rounded once, to the cent, half away
/// from zero. RVUs and GPCIs are shown as used (GPCIs 1.000 for national prices).
/// </summary>
public sealed class ServicePrice
{
    internal ServicePrice(PriceOutcome outcome, string reason)
    {
        Outcome = outcome;
        Reason = reason;
    }

    /// <summary>What could be said.</summary>
    public PriceOutcome Outcome { get; }

    /// <summary>A sentence for the user.</summary>
    public string Reason { get; }

    /// <summary>The participating fee schedule amount (after the OPPS cap where it binds); 0 unless <see cref="PriceOutcome.Priced"/>.</summary>
    public decimal FeeScheduleAmount { get; internal init; }

    /// <summary>The amount Medicare allows: the fee schedule amount, or 95% of it for a non-participating provider.</summary>
    public decimal AllowedAmount { get; internal init; }

    /// <summary>For a non-participating provider: the most the provider may charge, 115% of the non-participating amount (fee schedule amount x 1.0925, as CMS computes it).</summary>
    public decimal? LimitingCharge { get; internal init; }

    /// <summary>The release used.</summary>
    public FeeScheduleRelease? Release { get; internal init; }

    /// <summary>The RVU row used.</summary>
    public RvuEntry? Rvus { get; internal init; }

    /// <summary>The locality whose GPCIs were used, or <c>null</c> for national prices.</summary>
    public Locality? Locality { get; internal init; }

    /// <summary>The setting priced.</summary>
    public PricingSetting Setting { get; internal init; }

    /// <summary>Work RVU x work GPCI.</summary>
    public decimal WorkComponent { get; internal init; }

    /// <summary>PE RVU (of the setting) x PE GPCI.</summary>
    public decimal PracticeExpenseComponent { get; internal init; }

    /// <summary>MP RVU x MP GPCI.</summary>
    public decimal MalpracticeComponent { get; internal init; }

    /// <summary>The conversion factor applied, dollars per RVU.</summary>
    public decimal ConversionFactor { get; internal init; }

    /// <summary>How far the price can be trusted.</summary>
    public PriceConfidence Confidence { get; internal init; } = PriceConfidence.Low;

    /// <summary>Why the confidence is what it is.</summary>
    public string ConfidenceReason { get; internal init; } = string.Empty;

    /// <summary>The steps applied, in order.</summary>
    public ImmutableArray<PricingStep> Steps { get; internal init; } = [];

    /// <summary>Things the biller should know (NA setting, T status...).</summary>
    public ImmutableArray<string> Warnings { get; internal init; } = [];
}

/// <summary>
/// Prices one service from the fee schedule release in force on its date of service: the RVU row of the code and
/// modifier, the locality's GPCIs, the setting's PE, the conversion factor (2026: by QP status), the OPPS imaging cap,
/// and non-participation. Claim-level rules (multiple procedures, bilateral, assistant, anesthesia...) are separate.
/// Thread-safe; the catalog is an immutable snapshot.
/// </summary>
public sealed class PaymentCalculator
{
    private const string ReadmeFormula = "CMS RVU file readme (RVU25D), payment formula";
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

    /// <summary>Prices one service. Never throws for unknown codes, localities or dates: the outcome says why.</summary>
    public ServicePrice Price(in ServiceRequest request)
    {
        var resolved = _catalog.Resolve(request.DateOfService);
        if (resolved.Release is not { } release)
        {
            return new ServicePrice(PriceOutcome.NoRelease, resolved.Reason);
        }

        var code = request.Hcpcs;
        var modifier = request.Modifier;
        if (!release.Rvus.TryGet(code, modifier, out var row))
        {
            return Missing(release, code, modifier);
        }

        var steps = ImmutableArray.CreateBuilder<PricingStep>();
        var warnings = ImmutableArray.CreateBuilder<string>();
        steps.Add(new PricingStep("release", resolved.Reason, 0m, $"{release.Id}, PPRRVU sha256 {release.RvuFileSha256}"));

        switch (row.Status)
        {
            case StatusCode.CarrierPriced or StatusCode.RestrictedCoverage:
                return new ServicePrice(PriceOutcome.CarrierPriced, $"{Describe(row)} has status {(char)row.Status}: the contractor prices it case by case{(row.Status == StatusCode.RestrictedCoverage ? ", if covered" : "")}.")
                { Release = release, Rvus = row, Confidence = PriceConfidence.Low, ConfidenceReason = "carrier priced", Steps = steps.ToImmutable() };
            case StatusCode.Bundled or StatusCode.BundledOrExcluded:
                return new ServicePrice(PriceOutcome.Bundled, $"{Describe(row)} has status {(char)row.Status}: payment is bundled into other services; no separate payment.")
                { Release = release, Rvus = row, Confidence = PriceConfidence.High, ConfidenceReason = "status code", Steps = steps.ToImmutable() };
            case StatusCode.Active or StatusCode.Injection:
                break;
            default:
                return new ServicePrice(PriceOutcome.NotPayable, $"{Describe(row)} has status {(char)row.Status} ({row.Status}): not payable under the physician fee schedule.")
                { Release = release, Rvus = row, Confidence = PriceConfidence.High, ConfidenceReason = "status code", Steps = steps.ToImmutable() };
        }

        Locality? locality = null;
        var confidence = resolved.Match == ReleaseMatch.InForce ? PriceConfidence.High : PriceConfidence.Medium;
        var confidenceReason = resolved.Match == ReleaseMatch.InForce ? "release in force, CMS formula" : "later release of the year not loaded";
        if (request.Location.Kind != PricingLocationKind.National)
        {
            var key = request.Location.Locality;
            if (request.Location.Kind == PricingLocationKind.Zip)
            {
                if (release.Zips is null || !release.Zips.TryGet(request.Location.Zip, out var zip))
                {
                    return new ServicePrice(PriceOutcome.UnknownLocation, release.Zips is null
                        ? $"{release.Id} was loaded without a ZIP5 file; give the carrier and locality."
                        : $"ZIP code {request.Location.Zip:D5} is not in {release.Id}'s ZIP5 file.") { Release = release };
                }

                key = zip.Locality;
                steps.Add(new PricingStep("locality", $"ZIP {zip.Zip:D5} ({zip.State}) is priced in {zip.Locality}", 0m, "CMS ZIP5 carrier-locality file"));
                if (zip.PlusFourRequired)
                {
                    confidence = PriceConfidence.Medium;
                    confidenceReason = "the ZIP code spans localities; the ZIP+4 file places it exactly";
                    warnings.Add($"ZIP {zip.Zip:D5} spans localities: CMS's ZIP9 file gives the locality of each ZIP+4.");
                }
            }

            if (release.Localities is null || !release.Localities.TryGet(key, out locality))
            {
                return new ServicePrice(PriceOutcome.UnknownLocation, release.Localities is null
                    ? $"{release.Id} was loaded without a GPCI file; only national prices can be computed."
                    : $"{key} is not a locality of {release.Id}.") { Release = release };
            }
        }

        bool facility = request.Setting == PricingSetting.Facility;
        if (facility ? row.FacilityNotApplicable : row.NonFacilityNotApplicable)
        {
            confidence = PriceConfidence.Medium;
            confidenceReason = $"{(facility ? "facility" : "non-facility")} NA: rarely or never done in that setting";
            warnings.Add($"{Describe(row)} is marked NA in the {(facility ? "facility" : "non-facility")} setting (rarely or never done there); priced with the file's PE, as CMS's PF files do.");
            if (facility && row.PcTc == PcTcIndicator.DiagnosticTest && row.Modifier != Pricing.Modifier.ProfessionalComponent)
            {
                warnings.Add("In a facility the technical component is paid to the facility: a practitioner bills the -26 row.");
            }
        }

        if (row.Status == StatusCode.Injection)
        {
            confidence = PriceConfidence.Medium;
            confidenceReason = "status T";
            warnings.Add("Status T: paid only when no other fee schedule service is billed by the same provider on the same day; otherwise bundled.");
        }

        decimal cf = release.ConversionFactor;
        string cfSource = $"CONV FACTOR of {release.Id}";
        if (_conversionFactors.TryGet(request.DateOfService, out var period))
        {
            cf = period.For(request.QualifyingApmParticipant);
            cfSource = period.Source;
        }
        else if (request.QualifyingApmParticipant)
        {
            warnings.Add($"No qualifying APM participant conversion factor is known for {request.DateOfService:yyyy-MM-dd}; the release's factor is used.");
        }

        decimal wg = locality?.WorkGpci ?? 1m, pg = locality?.PracticeExpenseGpci ?? 1m, mg = locality?.MalpracticeGpci ?? 1m;
        decimal work = row.WorkRvu * wg;
        decimal pe = (facility ? row.FacilityPracticeExpenseRvu : row.NonFacilityPracticeExpenseRvu) * pg;
        decimal mp = row.MalpracticeRvu * mg;
        decimal fee = FeeFormula.Round((work + pe + mp) * cf);
        steps.Add(new PricingStep("fee schedule amount",
            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"({row.WorkRvu} x {wg} + {(facility ? row.FacilityPracticeExpenseRvu : row.NonFacilityPracticeExpenseRvu)} x {pg} + {row.MalpracticeRvu} x {mg}) x {cf}, {(facility ? "facility" : "non-facility")}, {(locality is null ? "national" : locality.Key.ToString())}, rounded once"),
            fee, $"{ReadmeFormula}; {cfSource}"));

        if (row.HasOppsRvus)
        {
            decimal oppsPe = (facility ? row.OppsFacilityPracticeExpenseRvu : row.OppsNonFacilityPracticeExpenseRvu) * pg;
            decimal cap = FeeFormula.Round((work + oppsPe + (row.OppsMalpracticeRvu * mg)) * cf);
            if (cap < fee)
            {
                fee = cap;
                steps.Add(new PricingStep("OPPS cap", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the OPPS-based amount {cap} is lower: it is paid"), fee, "Deficit Reduction Act of 2005 section 5102(b); RVU readme, OPPS payment amount; OPPSCAP file"));
            }
            else
            {
                steps.Add(new PricingStep("OPPS cap", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the OPPS-based amount {cap} is not lower: no cap"), fee, "Deficit Reduction Act of 2005 section 5102(b)"));
            }
        }

        decimal allowed = fee;
        decimal? limiting = null;
        if (!request.Participating)
        {
            allowed = FeeFormula.Round(fee * 0.95m);
            limiting = FeeFormula.Round(fee * 1.0925m);
            steps.Add(new PricingStep("non-participating", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"95% of {fee}; limiting charge {fee} x 1.0925 = {limiting}"), allowed, "RVU readme (limiting charge: 115% of the 95% non-participating amount, fee schedule amount x 1.0925)"));
        }

        return new ServicePrice(PriceOutcome.Priced, $"{Describe(row)} priced from {release.Id}.")
        {
            FeeScheduleAmount = fee,
            AllowedAmount = allowed,
            LimitingCharge = limiting,
            Release = release,
            Rvus = row,
            Locality = locality,
            Setting = request.Setting,
            WorkComponent = work,
            PracticeExpenseComponent = pe,
            MalpracticeComponent = mp,
            ConversionFactor = cf,
            Confidence = confidence,
            ConfidenceReason = confidenceReason,
            Steps = steps.ToImmutable(),
            Warnings = warnings.ToImmutable(),
        };
    }

    private static ServicePrice Missing(FeeScheduleRelease release, HcpcsCode code, Modifier modifier)
    {
        var rows = release.Rvus.GetRows(code);
        if (rows.IsEmpty)
        {
            return new ServicePrice(PriceOutcome.UnknownCode, $"{code} is not in {release.Id}.") { Release = release };
        }

        var global = rows[0];
        if (modifier == Pricing.Modifier.ProfessionalComponent || modifier == Pricing.Modifier.TechnicalComponent)
        {
            return new ServicePrice(PriceOutcome.InvalidModifier,
                $"{code} has PC/TC indicator {(int)global.PcTc} ({global.PcTc}): modifier {modifier} cannot be used with it (RVU readme, Attachment A).")
            { Release = release };
        }

        if (modifier == Pricing.Modifier.Discontinued)
        {
            return new ServicePrice(PriceOutcome.CarrierPriced,
                $"{code}-53 has no RVU row in {release.Id}: the contractor prices a discontinued procedure by individual consideration (RVU readme, modifier field).")
            { Release = release, Confidence = PriceConfidence.Low, ConfidenceReason = "by individual consideration" };
        }

        return new ServicePrice(PriceOutcome.UnknownCode, $"{code} has no RVU row with modifier {modifier} in {release.Id}; modifiers other than 26, TC and 53 do not select a row.") { Release = release };
    }

    private static string Describe(in RvuEntry row) => row.Modifier.IsSome ? $"{row.Hcpcs}-{row.Modifier}" : row.Hcpcs.ToString();
}
