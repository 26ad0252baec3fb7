namespace MedPayIQ.Pricing;

/// <summary>One service to price: a code and its pricing modifier, a date of service, where, in which setting, by whom.</summary>
/// <param name="Hcpcs">The HCPCS code.</param>
/// <param name="Modifier">The modifier that selects the RVU row: none (global), 26, TC or 53. Other modifiers are claim rules.</param>
/// <param name="DateOfService">The date of service: it picks the release and the conversion factor.</param>
/// <param name="Location">National, a carrier/locality, or a ZIP code.</param>
/// <param name="Setting">Facility or non-facility (see <see cref="PlaceOfService.Setting"/>).</param>
/// <param name="Participation">Whether the provider participates in Medicare (accepts assignment on every claim).</param>
/// <param name="ApmStatus">From 2026: whether the clinician is a qualifying APM participant (the higher conversion factor).</param>
public readonly record struct ServiceRequest(
    HcpcsCode Hcpcs, Modifier Modifier, DateOnly DateOfService, PricingLocation Location, PricingSetting Setting,
    Participation Participation = Participation.Participating, ApmStatus ApmStatus = ApmStatus.NotQualifying)
{
    /// <summary>
    /// The service's other modifiers, which select a row of the CLFS (QW...) or the DMEPOS fee schedule (RR rental, NU
    /// new, UE used, KE...) when the code is priced on one of them; <see cref="Modifier"/> is added to them.
    /// </summary>
    public ModifierSet Modifiers { get; init; }

    /// <summary>
    /// The beneficiary's five-digit ZIP code: a DMEPOS item is priced by the beneficiary's state and whether the ZIP
    /// code is rural or in a former competitive bidding area. When <c>null</c>, a ZIP code <see cref="Location"/> is used.
    /// </summary>
    /// <exception cref="FormatException">Not a ZIP code.</exception>
    public string? BeneficiaryZip
    {
        get;
        init
        {
            BeneficiaryZipPlusOne = value is null ? 0 : PricingLocation.OfZip(value).Zip + 1;
            field = value;
        }
    }

    /// <summary>The ZIP code DMEPOS pricing uses: <see cref="BeneficiaryZip"/>, else a ZIP code location; -1 when neither is given.</summary>
    internal int DmeposZip => PartBScheduleRule.BeneficiaryZip(BeneficiaryZipPlusOne, Location);

    /// <summary>The modifiers the other Part B schedules select rows by: <see cref="Modifiers"/> and <see cref="Modifier"/>.</summary>
    internal ModifierSet AllModifiers => Modifier.IsSome && !Modifiers.Contains(Modifier) ? Modifiers.Add(Modifier) : Modifiers;

    private int BeneficiaryZipPlusOne { get; init; }
}

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
