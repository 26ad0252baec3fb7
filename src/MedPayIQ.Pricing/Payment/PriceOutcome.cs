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
    Participation Participation = Participation.Participating, ApmStatus ApmStatus = ApmStatus.NotQualifying);

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
