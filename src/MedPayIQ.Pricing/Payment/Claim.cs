using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>Who furnished the services of a claim: the payment share of the fee schedule amount depends on it.</summary>
public enum ProviderKind : byte
{
    /// <summary>Physician (MD/DO), and the practitioners paid like one: 100%.</summary>
    Physician,
    /// <summary>Nurse practitioner: 85% (42 CFR 414.56(c)).</summary>
    NursePractitioner,
    /// <summary>Clinical nurse specialist: 85% (42 CFR 414.56(c)).</summary>
    ClinicalNurseSpecialist,
    /// <summary>Physician assistant: 85% (42 CFR 414.52).</summary>
    PhysicianAssistant,
    /// <summary>Certified nurse-midwife: 100% from 2011-01-01, 65% before (42 CFR 414.54(b)).</summary>
    CertifiedNurseMidwife,
    /// <summary>Clinical psychologist: 100%.</summary>
    ClinicalPsychologist,
    /// <summary>Clinical social worker: 75%.</summary>
    ClinicalSocialWorker,
    /// <summary>Registered dietitian or nutrition professional (medical nutrition therapy): 85%.</summary>
    RegisteredDietitian,
    /// <summary>Certified registered nurse anesthetist or anesthesiologist assistant: 100% (anesthesia shares come from the modifier).</summary>
    NurseAnesthetist,
    /// <summary>Physical or occupational therapist, speech-language pathologist in private practice: 100%.</summary>
    TherapistInPrivatePractice,
}

/// <summary>The share of the fee schedule amount a kind of provider is paid on a date, with its source.</summary>
public sealed record ProviderPaymentShare
{
    private ProviderPaymentShare(ProviderKind provider, decimal share, string source, bool confirmed)
    {
        Provider = provider;
        Share = share;
        Source = source;
        Confirmed = confirmed;
    }

    /// <summary>The provider kind.</summary>
    public ProviderKind Provider { get; }

    /// <summary>The share, such as 0.85.</summary>
    public decimal Share { get; }

    /// <summary>The regulation or page it follows.</summary>
    public string Source { get; }

    /// <summary>Whether a primary CMS text was at hand; <c>false</c> lowers a price's confidence to medium.</summary>
    public bool Confirmed { get; }

    private static readonly DateOnly MidwifeParity = new(2011, 1, 1);

    private static readonly ProviderPaymentShare[] Shares =
    [
        new(ProviderKind.Physician, 1m, "42 CFR 414 subpart B (fee schedule amount)", true),
        new(ProviderKind.NursePractitioner, 0.85m, "42 CFR 414.56(c)", true),
        new(ProviderKind.ClinicalNurseSpecialist, 0.85m, "42 CFR 414.56(c)", true),
        new(ProviderKind.PhysicianAssistant, 0.85m, "42 CFR 414.52 (MedPAC summary; the CFR text was not at hand)", true),
        new(ProviderKind.CertifiedNurseMidwife, 1m, "42 CFR 414.54(b): 100% from 2011-01-01", true),
        new(ProviderKind.ClinicalPsychologist, 1m, "Claims Processing Manual ch. 12 section 170 (not confirmed here)", false),
        new(ProviderKind.ClinicalSocialWorker, 0.75m, "Claims Processing Manual ch. 12 section 150: 75% of the clinical psychologist amount (not confirmed here)", false),
        new(ProviderKind.RegisteredDietitian, 0.85m, "42 CFR 414.64 medical nutrition therapy: 85% (not confirmed here)", false),
        new(ProviderKind.NurseAnesthetist, 1m, "42 CFR 414.60: the anesthesia modifier sets the share", true),
        new(ProviderKind.TherapistInPrivatePractice, 1m, "42 CFR 414 subpart B (fee schedule amount)", true),
    ];

    private static readonly ProviderPaymentShare MidwifeBefore2011 = new(ProviderKind.CertifiedNurseMidwife, 0.65m, "42 CFR 414.54(b): 65% before 2011-01-01", true);

    /// <summary>The share for a provider kind on a date of service.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="ProviderKind"/>.</exception>
    public static ProviderPaymentShare For(ProviderKind provider, DateOnly dateOfService)
    {
        if ((uint)provider >= (uint)Shares.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(provider), provider, "Not a provider kind.");
        }

        return provider == ProviderKind.CertifiedNurseMidwife && dateOfService < MidwifeParity ? MidwifeBefore2011 : Shares[(int)provider];
    }
}

/// <summary>
/// One line of a professional claim: date of service, HCPCS code, up to four modifiers, units, and for anesthesia the
/// minutes and base units. A value type.
/// </summary>
public readonly record struct ClaimLine
{
    /// <summary>Creates a line of one unit.</summary>
    public ClaimLine(DateOnly dateOfService, HcpcsCode hcpcs, ModifierSet modifiers = default)
    {
        DateOfService = dateOfService;
        Hcpcs = hcpcs;
        Modifiers = modifiers;
    }

    /// <summary>The date of service: it picks the release and the conversion factor.</summary>
    public DateOnly DateOfService { get; init; }

    /// <summary>The HCPCS code.</summary>
    public HcpcsCode Hcpcs { get; init; }

    /// <summary>Up to four modifiers in billed order.</summary>
    public ModifierSet Modifiers { get; init; }

    /// <summary>Units of service, at least 1 (ignored for anesthesia, which is paid by base and time units); 1 unless set, on every way a line is made (<c>default</c>, <c>new()</c>, <c>with</c>).</summary>
    public int Units { get => unchecked(_extraUnits + 1); init => _extraUnits = unchecked(value - 1); }

    private readonly int _extraUnits; // units - 1, so that a line nobody gave units to has one

    /// <summary>For modifier 55: the days of post-operative care furnished; the post-operative share is paid in proportion to them. <c>null</c>: not given.</summary>
    public int? PostoperativeDays { get; init; }

    /// <summary>For modifier 55: the date the post-operative care was assumed (with <see cref="PostoperativeCareRelinquished"/>, both days counted).</summary>
    public DateOnly? PostoperativeCareAssumed { get; init; }

    /// <summary>For modifier 55: the date the post-operative care was relinquished.</summary>
    public DateOnly? PostoperativeCareRelinquished { get; init; }

    /// <summary>For anesthesia: the minutes of anesthesia time reported.</summary>
    public int AnesthesiaMinutes { get; init; }

    /// <summary>For anesthesia: the code's base units from CMS's anesthesia base units file (not in the RVU file).</summary>
    public int? AnesthesiaBaseUnits { get; init; }

    /// <summary>The provider's charge for the line, dollars; Medicare allows the lower of the charge and the fee. <c>null</c>: not given.</summary>
    public decimal? BilledCharge { get; init; }

    /// <summary>The line's place of service, when it differs from the claim's.</summary>
    public PlaceOfService? PlaceOfService { get; init; }
}

/// <summary>
/// A professional (CMS-1500 / 837P) claim to price: where, by whom, and its lines. Lines of the same date of service are
/// treated as one provider's services to one beneficiary that day (multiple procedure, bilateral and T-status rules).
/// </summary>
public sealed record Claim
{
    /// <summary>Creates a claim of the given lines, priced nationally, non-facility, for a participating physician.</summary>
    public Claim(IEnumerable<ClaimLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Lines = [.. lines];
    }

    /// <summary>The lines, in claim order (line 1 first); a default array is read as no line.</summary>
    public ImmutableArray<ClaimLine> Lines { get => _lines; init => _lines = value.IsDefault ? [] : value; }

    private readonly ImmutableArray<ClaimLine> _lines = [];

    /// <summary>National, carrier/locality, or ZIP code.</summary>
    public PricingLocation Location { get; init; }

    /// <summary>The place of service of the claim's lines; when given it decides the setting.</summary>
    public PlaceOfService? PlaceOfService { get; init; }

    /// <summary>The setting when no place of service is given (default non-facility).</summary>
    public PricingSetting Setting { get; init; }

    /// <summary>Who furnished the services.</summary>
    public ProviderKind Provider { get; init; }

    /// <summary>Whether the provider participates (accepts assignment); non-participating providers are paid 95% and bound by the limiting charge.</summary>
    public Participation Participation { get; init; }

    /// <summary>From 2026: whether the clinician is a qualifying APM participant (the higher conversion factor).</summary>
    public ApmStatus ApmStatus { get; init; }

    /// <summary>Whether the services were furnished in a health professional shortage area on CMS's automatic bonus list (else modifier AQ claims it).</summary>
    public bool InShortageArea { get; init; }

    /// <summary>The beneficiary's Part B deductible still unmet, dollars; <c>null</c> when the deductible is not tracked (the default).</summary>
    public decimal? DeductibleRemaining { get; init; }

    /// <summary>Whether to take the payment sequestration (2% since 2022-07-01) off the Medicare payment.</summary>
    public bool ApplySequestration { get; init; }

    /// <summary>
    /// The beneficiary's ZIP code (five digits or ZIP+4): DMEPOS items are priced by the beneficiary's state and whether
    /// the ZIP code is rural or in a former competitive bidding area. When <c>null</c>, a ZIP code <see cref="Location"/> is used.
    /// </summary>
    /// <exception cref="FormatException">Not a ZIP code.</exception>
    public string? BeneficiaryZip
    {
        get;
        init
        {
            BeneficiaryZipCode = value is null ? 0 : PricingLocation.OfZip(value).Zip + 1;
            field = value;
        }
    }

    /// <summary>The beneficiary's five-digit ZIP code for DMEPOS: <see cref="BeneficiaryZip"/>, else a ZIP code location; -1 when neither is given.</summary>
    internal int DmeposZip => PartBScheduleRule.BeneficiaryZip(BeneficiaryZipCode, Location);

    private int BeneficiaryZipCode { get; init; }
}
