using System.Runtime.InteropServices;

namespace MedPayIQ.Pricing;

/// <summary>
/// One row of the CMS PPRRVU file: a (HCPCS, modifier) pair with its status, RVUs and payment policy indicators.
/// </summary>
/// <remarks>
/// The row is stored compactly (RVUs as whole hundredths, the conversion factor as ten-thousandths) and exposed as
/// exact <see cref="decimal"/> values: nothing is rounded or converted through floating point. RVUs are in relative
/// value units with two decimals, as CMS publishes them; the conversion factor is in dollars per RVU with four decimals.
/// The descriptor is kept outside the row; see <see cref="RvuTable.GetDescription(in RvuEntry)"/>.
/// </remarks>
[StructLayout(LayoutKind.Sequential)] // fields widest first: 60 bytes a row
public readonly struct RvuEntry
{
    private readonly int _work, _nonFacilityPe, _facilityPe, _mp;
    private readonly int _oppsNonFacilityPe, _oppsFacilityPe, _oppsMp, _conversionFactor;
    private readonly HcpcsCode _hcpcs, _endoscopicBaseCode;
    private readonly Modifier _modifier;
    private readonly byte _preOp, _intraOp, _postOp, _pricingIndicator;
    private readonly RvuFlags _flags;

    internal RvuEntry(in RvuEntryBuilder b)
    {
        _hcpcs = b.Hcpcs;
        _modifier = b.Modifier;
        Status = b.Status;
        _work = b.Work;
        _nonFacilityPe = b.NonFacilityPe;
        _facilityPe = b.FacilityPe;
        _mp = b.Mp;
        PcTc = b.PcTc;
        GlobalPeriod = b.GlobalPeriod;
        _preOp = (byte)b.PreOp;
        _intraOp = (byte)b.IntraOp;
        _postOp = (byte)b.PostOp;
        MultipleProcedure = b.MultipleProcedure;
        BilateralSurgery = b.BilateralSurgery;
        AssistantAtSurgery = b.AssistantAtSurgery;
        CoSurgeons = b.CoSurgeons;
        TeamSurgery = b.TeamSurgery;
        _endoscopicBaseCode = b.EndoscopicBaseCode;
        _conversionFactor = b.ConversionFactor;
        PhysicianSupervision = b.PhysicianSupervision;
        CalculationFlag = b.CalculationFlag;
        DiagnosticImagingFamily = b.ImagingFamily;
        _pricingIndicator = b.PricingIndicator ?? NoPricingIndicator;
        _oppsNonFacilityPe = b.OppsNonFacilityPe;
        _oppsFacilityPe = b.OppsFacilityPe;
        _oppsMp = b.OppsMp;
        _flags = b.Flags;
    }

    /// <summary>HCPCS code (PPRRVU "HCPCS").</summary>
    public HcpcsCode Hcpcs => _hcpcs;

    /// <summary>Modifier (PPRRVU "MOD"): <see cref="Modifier.None"/> for the global service, or 26, TC or 53.</summary>
    public Modifier Modifier => _modifier;

    /// <summary>Status code (PPRRVU "STATUS CODE").</summary>
    public StatusCode Status { get; }

    /// <summary>Whether CMS marks the row "not used for Medicare payment" (a <c>+</c> in that column).</summary>
    public bool NotUsedForMedicarePayment => (_flags & RvuFlags.NotUsedForMedicarePayment) != 0;

    /// <summary>Work RVU.</summary>
    public decimal WorkRvu => Fixed.Hundredths(_work);

    /// <summary>Non-facility practice expense RVU.</summary>
    public decimal NonFacilityPracticeExpenseRvu => Fixed.Hundredths(_nonFacilityPe);

    /// <summary>Whether the non-facility NA indicator is set: the service is rarely or never done outside a facility.</summary>
    public bool NonFacilityNotApplicable => (_flags & RvuFlags.NonFacilityNa) != 0;

    /// <summary>Facility practice expense RVU.</summary>
    public decimal FacilityPracticeExpenseRvu => Fixed.Hundredths(_facilityPe);

    /// <summary>Whether the facility NA indicator is set: the service is rarely or never done in a facility.</summary>
    public bool FacilityNotApplicable => (_flags & RvuFlags.FacilityNa) != 0;

    /// <summary>Malpractice (professional liability) RVU.</summary>
    public decimal MalpracticeRvu => Fixed.Hundredths(_mp);

    /// <summary>
    /// Total non-facility RVUs: work + non-facility PE + MP, as CMS defines and publishes it (the loaders refuse a
    /// file whose total is not that sum, so the published value is not stored twice).
    /// </summary>
    public decimal NonFacilityTotalRvu => Fixed.Hundredths(_work + _nonFacilityPe + _mp);

    /// <summary>Total facility RVUs: work + facility PE + MP, as CMS defines and publishes it.</summary>
    public decimal FacilityTotalRvu => Fixed.Hundredths(_work + _facilityPe + _mp);

    /// <summary>PC/TC indicator.</summary>
    public PcTcIndicator PcTc { get; }

    /// <summary>Global surgery period.</summary>
    public GlobalPeriod GlobalPeriod { get; }

    /// <summary>Pre-operative share of the global package, a fraction such as 0.10.</summary>
    public decimal PreOperativeShare => Fixed.Hundredths(_preOp);

    /// <summary>Intra-operative share of the global package, a fraction such as 0.69.</summary>
    public decimal IntraOperativeShare => Fixed.Hundredths(_intraOp);

    /// <summary>Post-operative share of the global package, a fraction such as 0.21.</summary>
    public decimal PostOperativeShare => Fixed.Hundredths(_postOp);

    /// <summary>Multiple procedure indicator (modifier 51).</summary>
    public MultipleProcedureIndicator MultipleProcedure { get; }

    /// <summary>Bilateral surgery indicator (modifier 50).</summary>
    public BilateralSurgeryIndicator BilateralSurgery { get; }

    /// <summary>Assistant at surgery indicator (modifiers 80/81/82/AS).</summary>
    public AssistantAtSurgeryIndicator AssistantAtSurgery { get; }

    /// <summary>Co-surgeons indicator (modifier 62).</summary>
    public CoSurgeonIndicator CoSurgeons { get; }

    /// <summary>Team surgery indicator (modifier 66).</summary>
    public TeamSurgeryIndicator TeamSurgery { get; }

    /// <summary>Endoscopic base code of the family, for multiple procedure indicator 3; <see cref="HcpcsCode.None"/> otherwise.</summary>
    public HcpcsCode EndoscopicBaseCode => _endoscopicBaseCode;

    /// <summary>Conversion factor printed on the row, in dollars per RVU (four decimals).</summary>
    public decimal ConversionFactor => Fixed.TenThousandths(_conversionFactor);

    /// <summary>Physician supervision of diagnostic procedures.</summary>
    public PhysicianSupervision PhysicianSupervision { get; }

    /// <summary>Calculation flag (0 for every code since July 2014).</summary>
    public byte CalculationFlag { get; }

    /// <summary>Diagnostic imaging family indicator (88 = subject to the imaging reductions, 99 = not).</summary>
    public DiagnosticImagingFamily DiagnosticImagingFamily { get; }

    /// <summary>The 2026 "PRIC IND" column (undocumented; 9 on every RVU26C row), or <c>null</c> for layouts without it.</summary>
    public byte? PricingIndicator => _pricingIndicator == NoPricingIndicator ? null : _pricingIndicator;

    private const byte NoPricingIndicator = 0xFF;

    /// <summary>Non-facility PE RVU used for the OPPS payment amount (0 for codes the OPPS cap does not reach).</summary>
    public decimal OppsNonFacilityPracticeExpenseRvu => Fixed.Hundredths(_oppsNonFacilityPe);

    /// <summary>Facility PE RVU used for the OPPS payment amount.</summary>
    public decimal OppsFacilityPracticeExpenseRvu => Fixed.Hundredths(_oppsFacilityPe);

    /// <summary>Malpractice RVU used for the OPPS payment amount.</summary>
    public decimal OppsMalpracticeRvu => Fixed.Hundredths(_oppsMp);

    /// <summary>Whether the row carries OPPS-cap RVUs (any of the three "used for OPPS" values is non-zero).</summary>
    public bool HasOppsRvus => (_oppsNonFacilityPe | _oppsFacilityPe | _oppsMp) != 0;

    internal int WorkHundredths => _work;
    internal int NonFacilityPeHundredths => _nonFacilityPe;
    internal int FacilityPeHundredths => _facilityPe;
    internal int MpHundredths => _mp;
    internal int OppsNonFacilityPeHundredths => _oppsNonFacilityPe;
    internal int OppsFacilityPeHundredths => _oppsFacilityPe;
    internal int OppsMpHundredths => _oppsMp;

    /// <summary><c>HCPCS[-MOD] status</c>, for debugging.</summary>
    public override string ToString()
        => Modifier.IsSome ? $"{Hcpcs}-{Modifier} {(char)Status}" : $"{Hcpcs} {(char)Status}";
}

[Flags]
internal enum RvuFlags : byte
{
    None = 0,
    NotUsedForMedicarePayment = 1,
    NonFacilityNa = 2,
    FacilityNa = 4,
}

/// <summary>Mutable staging for one row while it is parsed (loader-internal).</summary>
[StructLayout(LayoutKind.Auto)]
internal struct RvuEntryBuilder
{
    public HcpcsCode Hcpcs;
    public Modifier Modifier;
    public StatusCode Status;
    public int Work, NonFacilityPe, FacilityPe, Mp, NonFacilityTotal, FacilityTotal;
    public PcTcIndicator PcTc;
    public GlobalPeriod GlobalPeriod;
    public short PreOp, IntraOp, PostOp;
    public MultipleProcedureIndicator MultipleProcedure;
    public BilateralSurgeryIndicator BilateralSurgery;
    public AssistantAtSurgeryIndicator AssistantAtSurgery;
    public CoSurgeonIndicator CoSurgeons;
    public TeamSurgeryIndicator TeamSurgery;
    public HcpcsCode EndoscopicBaseCode;
    public int ConversionFactor;
    public PhysicianSupervision PhysicianSupervision;
    public byte CalculationFlag;
    public DiagnosticImagingFamily ImagingFamily;
    public byte? PricingIndicator;
    public int OppsNonFacilityPe, OppsFacilityPe, OppsMp;
    public RvuFlags Flags;
}

/// <summary>Exact conversions between scaled integers and decimals (no floating point).</summary>
internal static class Fixed
{
    public static decimal Hundredths(int value) => new(Math.Abs(value), 0, 0, value < 0, 2);

    public static decimal Thousandths(int value) => new(Math.Abs(value), 0, 0, value < 0, 3);

    public static decimal TenThousandths(int value) => new(Math.Abs(value), 0, 0, value < 0, 4);
}
