namespace MedPayIQ.Pricing;

// Meanings follow the CMS RVU file documentation (RVU25D readme, Attachment A and the field descriptions).

/// <summary>PPRRVU "STATUS CODE": whether the code is in the fee schedule and separately payable (RVU readme, Attachment A).</summary>
public enum StatusCode : byte
{
    /// <summary>A: active code, paid separately under the fee schedule if covered.</summary>
    Active = (byte)'A',
    /// <summary>B: bundled; payment is always bundled into other services, RVUs if shown are not used.</summary>
    Bundled = (byte)'B',
    /// <summary>C: contractors (MACs) price the code case by case.</summary>
    CarrierPriced = (byte)'C',
    /// <summary>D: deleted code (historical).</summary>
    Deleted = (byte)'D',
    /// <summary>E: excluded from the fee schedule by regulation.</summary>
    Excluded = (byte)'E',
    /// <summary>F: deleted/discontinued code, no grace period (historical).</summary>
    DeletedNoGracePeriod = (byte)'F',
    /// <summary>G: not valid for Medicare, another code is used; 90-day grace period (historical).</summary>
    NotValidWithGracePeriod = (byte)'G',
    /// <summary>H: deleted modifier (historical).</summary>
    DeletedModifier = (byte)'H',
    /// <summary>I: not valid for Medicare purposes; Medicare uses another code. No grace period.</summary>
    NotValidForMedicare = (byte)'I',
    /// <summary>J: anesthesia services; no RVUs, paid by the anesthesia formula.</summary>
    Anesthesia = (byte)'J',
    /// <summary>M: measurement codes, for reporting only.</summary>
    Measurement = (byte)'M',
    /// <summary>N: non-covered service.</summary>
    NonCovered = (byte)'N',
    /// <summary>P: bundled/excluded; no RVUs and no separate payment under the fee schedule.</summary>
    BundledOrExcluded = (byte)'P',
    /// <summary>R: restricted coverage; if covered, contractor priced.</summary>
    RestrictedCoverage = (byte)'R',
    /// <summary>T: injections; paid only if no other fee-schedule service is billed the same day by the same provider.</summary>
    Injection = (byte)'T',
    /// <summary>X: statutory exclusion (not a "physician service"), e.g. ambulance and clinical laboratory.</summary>
    StatutoryExclusion = (byte)'X',
}

/// <summary>PPRRVU "PCTC IND": professional/technical component indicator (RVU readme, Attachment A).</summary>
public enum PcTcIndicator : byte
{
    /// <summary>0: physician service; modifiers 26 and TC cannot be used.</summary>
    PhysicianService = 0,
    /// <summary>1: diagnostic test with professional and technical components; 26 and TC allowed.</summary>
    DiagnosticTest = 1,
    /// <summary>2: professional-component-only stand-alone code (e.g. 93010).</summary>
    ProfessionalComponentOnly = 2,
    /// <summary>3: technical-component-only stand-alone code (e.g. 93005).</summary>
    TechnicalComponentOnly = 3,
    /// <summary>4: global-test-only stand-alone code (e.g. 93000).</summary>
    GlobalTestOnly = 4,
    /// <summary>5: incident-to code, not payable for hospital inpatients or outpatients.</summary>
    IncidentTo = 5,
    /// <summary>6: laboratory physician interpretation; TC cannot be used.</summary>
    LaboratoryPhysicianInterpretation = 6,
    /// <summary>7: physical therapy service not payable in hospital settings by an independent therapist.</summary>
    PhysicalTherapy = 7,
    /// <summary>8: physician interpretation (85060) of an abnormal smear for a hospital inpatient.</summary>
    PhysicianInterpretation = 8,
    /// <summary>9: the PC/TC concept does not apply.</summary>
    NotApplicable = 9,
}

/// <summary>PPRRVU "GLOB DAYS": the global surgery period.</summary>
public enum GlobalPeriod : byte
{
    /// <summary>000: endoscopic or minor procedure; pre- and post-operative work on the day of the procedure only.</summary>
    Days0 = 1,
    /// <summary>010: minor procedure with a 10-day post-operative period.</summary>
    Days10,
    /// <summary>090: major surgery with a 1-day pre-operative and 90-day post-operative period.</summary>
    Days90,
    /// <summary>MMM: maternity codes; the usual global period does not apply.</summary>
    Maternity,
    /// <summary>XXX: the global concept does not apply.</summary>
    NotApplicable,
    /// <summary>YYY: the contractor sets the global period.</summary>
    CarrierDetermined,
    /// <summary>ZZZ: related to another service and always inside that service's global period (add-on codes).</summary>
    AddOn,
}

/// <summary>The codes CMS's files write for the indicators.</summary>
public static class IndicatorCodes
{
    /// <summary>The PPRRVU "GLOB DAYS" code of a global period: <c>000</c>, <c>010</c>, <c>090</c>, <c>MMM</c>, <c>XXX</c>, <c>YYY</c> or <c>ZZZ</c>.</summary>
    public static string GlobalDays(GlobalPeriod period) => period switch
    {
        GlobalPeriod.Days0 => "000",
        GlobalPeriod.Days10 => "010",
        GlobalPeriod.Days90 => "090",
        GlobalPeriod.Maternity => "MMM",
        GlobalPeriod.NotApplicable => "XXX",
        GlobalPeriod.CarrierDetermined => "YYY",
        _ => "ZZZ",
    };
}

/// <summary>PPRRVU "MULT PROC": the multiple-procedure payment rule (modifier 51).</summary>
public enum MultipleProcedureIndicator : byte
{
    /// <summary>0: no multiple-procedure reduction.</summary>
    None = 0,
    /// <summary>1: pre-1995 standard rules (100/50/25/25/25).</summary>
    Standard1995 = 1,
    /// <summary>2: standard rules: rank by fee, 100/50/50/50/50, then by report.</summary>
    Standard = 2,
    /// <summary>3: multiple endoscopy rules within a family sharing an endoscopic base code.</summary>
    Endoscopy = 3,
    /// <summary>4: diagnostic imaging: TC 50% and PC 5% reductions on the second and later procedures.</summary>
    DiagnosticImaging = 4,
    /// <summary>5: 50% reduction of the practice expense of therapy services.</summary>
    Therapy = 5,
    /// <summary>6: 25% reduction of the TC of diagnostic cardiovascular services.</summary>
    DiagnosticCardiovascular = 6,
    /// <summary>7: 20% reduction of the TC of diagnostic ophthalmology services.</summary>
    DiagnosticOphthalmology = 7,
    /// <summary>9: concept does not apply.</summary>
    NotApplicable = 9,
}

/// <summary>PPRRVU "BILAT SURG": bilateral surgery payment rule (modifier 50, or RT and LT).</summary>
public enum BilateralSurgeryIndicator : byte
{
    /// <summary>0: the 150% adjustment does not apply; 100% of one fee.</summary>
    NoAdjustment = 0,
    /// <summary>1: 150% of one fee when billed bilaterally.</summary>
    Adjustment150 = 1,
    /// <summary>2: RVUs already reflect a bilateral procedure; 100% of one fee.</summary>
    AlreadyBilateral = 2,
    /// <summary>3: each side paid at 100% of the fee (mostly radiology and diagnostic tests).</summary>
    EachSide100 = 3,
    /// <summary>9: concept does not apply.</summary>
    NotApplicable = 9,
}

/// <summary>PPRRVU "ASST SURG": whether an assistant at surgery may be paid (modifiers 80, 81, 82, AS).</summary>
public enum AssistantAtSurgeryIndicator : byte
{
    /// <summary>0: restricted unless documentation establishes medical necessity.</summary>
    DocumentationRequired = 0,
    /// <summary>1: statutory restriction; an assistant may not be paid.</summary>
    NotPaid = 1,
    /// <summary>2: no restriction; an assistant may be paid.</summary>
    Paid = 2,
    /// <summary>9: concept does not apply.</summary>
    NotApplicable = 9,
}

/// <summary>PPRRVU "CO-SURG": whether co-surgeons may be paid (modifier 62).</summary>
public enum CoSurgeonIndicator : byte
{
    /// <summary>0: co-surgeons not permitted.</summary>
    NotPermitted = 0,
    /// <summary>1: permitted with documentation of medical necessity.</summary>
    DocumentationRequired = 1,
    /// <summary>2: permitted, no documentation needed if the two-specialty requirement is met.</summary>
    Permitted = 2,
    /// <summary>9: concept does not apply.</summary>
    NotApplicable = 9,
}

/// <summary>PPRRVU "TEAM SURG": whether team surgeons may be paid (modifier 66).</summary>
public enum TeamSurgeryIndicator : byte
{
    /// <summary>0: team surgeons not permitted.</summary>
    NotPermitted = 0,
    /// <summary>1: permitted with documentation; paid by report.</summary>
    DocumentationRequired = 1,
    /// <summary>2: permitted; paid by report.</summary>
    Permitted = 2,
    /// <summary>9: concept does not apply.</summary>
    NotApplicable = 9,
}

/// <summary>PPRRVU "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES" (for post-payment review).</summary>
public enum PhysicianSupervision : byte
{
    /// <summary>01: general supervision.</summary>
    General = 1,
    /// <summary>02: direct supervision.</summary>
    Direct = 2,
    /// <summary>03: personal supervision.</summary>
    Personal = 3,
    /// <summary>04: not applicable for a qualified independent or clinical psychologist; otherwise general.</summary>
    GeneralUnlessPsychologist = 4,
    /// <summary>05: not applicable for a qualified audiologist; otherwise general.</summary>
    GeneralUnlessAudiologist = 5,
    /// <summary>06: physician or ABPTS-certified physical therapist (electrophysiology).</summary>
    PhysicianOrCertifiedTherapist = 6,
    /// <summary>09: concept does not apply.</summary>
    NotApplicable = 9,
    /// <summary>21: certified technician under general supervision, otherwise direct.</summary>
    CertifiedTechnicianGeneral = 21,
    /// <summary>22: technician with on-line real-time contact with a physician.</summary>
    TechnicianRealTimeContact = 22,
    /// <summary>66: physician or ABPTS-certified physical therapist certified in the procedure.</summary>
    Level66 = 66,
    /// <summary>6A: level 66, and the certified PT may supervise another PT.</summary>
    Level6A = 67,
    /// <summary>77: certified PT, or uncertified PT under direct physician supervision, or certified technician under general supervision.</summary>
    Level77 = 77,
    /// <summary>7A: level 77, and the certified PT may supervise another PT.</summary>
    Level7A = 78,
}

/// <summary>PPRRVU "DIAGNOSTIC IMAGING FAMILY INDICATOR".</summary>
public enum DiagnosticImagingFamily : byte
{
    /// <summary>01-11: historical family values, not populated since 2011 (kept as numbers 1-11).</summary>
    None = 0,
    /// <summary>88: subject to the diagnostic imaging multiple-procedure reductions of the TC and PC.</summary>
    SubjectToImagingReduction = 88,
    /// <summary>99: concept does not apply.</summary>
    NotApplicable = 99,
}
