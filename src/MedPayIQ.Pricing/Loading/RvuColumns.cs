namespace MedPayIQ.Pricing;

/// <summary>The columns of the PPRRVU file (CMS names in <see cref="RvuLayouts.Names"/>).</summary>
internal enum RvuColumn : byte
{
    Hcpcs, Modifier, Description, Status, NotUsedForPayment, Work, NonFacilityPe, NonFacilityNa, FacilityPe, FacilityNa,
    Mp, NonFacilityTotal, FacilityTotal, PcTc, GlobalDays, PreOp, IntraOp, PostOp, MultipleProcedure, Bilateral,
    Assistant, CoSurgeons, Team, PricingIndicator, EndoscopicBase, ConversionFactor, Supervision, CalculationFlag,
    ImagingFamily, OppsNonFacilityPe, OppsFacilityPe, OppsMp,
}

/// <summary>The published PPRRVU layouts, and the field rules shared by the CSV and fixed-width readers.</summary>
internal static class RvuLayouts
{
    public static readonly string[] Names =
    [
        "HCPCS", "MOD", "DESCRIPTION", "STATUS CODE", "NOT USED FOR MEDICARE PAYMENT", "WORK RVU", "NON-FAC PE RVU",
        "NON-FAC NA INDICATOR", "FACILITY PE RVU", "FACILITY NA INDICATOR", "MP RVU", "NON-FACILITY TOTAL", "FACILITY TOTAL",
        "PCTC IND", "GLOB DAYS", "PRE OP", "INTRA OP", "POST OP", "MULT PROC", "BILAT SURG", "ASST SURG", "CO-SURG",
        "TEAM SURG", "PRIC IND", "ENDO BASE", "CONV FACTOR", "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES",
        "CALCULATION FLAG", "DIAGNOSTIC IMAGING FAMILY INDICATOR", "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT",
        "FACILITY PE USED FOR OPPS PAYMENT AMOUNT", "MP USED FOR OPPS PAYMENT AMOUNT",
    ];

    /// <summary>The last header row of the 2025 CSV (31 columns), as CMS prints it.</summary>
    public static readonly string[] Header2025 =
    [
        "HCPCS", "MOD", "DESCRIPTION", "CODE", "PAYMENT", "RVU", "PE RVU", "INDICATOR", "PE RVU", "INDICATOR", "RVU", "TOTAL",
        "TOTAL", "IND", "DAYS", "OP", "OP", "OP", "PROC", "SURG", "SURG", "SURG", "SURG", "BASE", "FACTOR", "PROCEDURES",
        "FLAG", "INDICATOR", "AMOUNT", "AMOUNT", "AMOUNT",
    ];

    /// <summary>The last header row of the 2026 CSV (32 columns): "IND" of PRIC IND inserted at index 23.</summary>
    public static readonly string[] Header2026 = [.. Header2025[..23], "IND", .. Header2025[23..]];

    public static readonly RvuColumn[] Columns2025 =
    [
        RvuColumn.Hcpcs, RvuColumn.Modifier, RvuColumn.Description, RvuColumn.Status, RvuColumn.NotUsedForPayment,
        RvuColumn.Work, RvuColumn.NonFacilityPe, RvuColumn.NonFacilityNa, RvuColumn.FacilityPe, RvuColumn.FacilityNa,
        RvuColumn.Mp, RvuColumn.NonFacilityTotal, RvuColumn.FacilityTotal, RvuColumn.PcTc, RvuColumn.GlobalDays,
        RvuColumn.PreOp, RvuColumn.IntraOp, RvuColumn.PostOp, RvuColumn.MultipleProcedure, RvuColumn.Bilateral,
        RvuColumn.Assistant, RvuColumn.CoSurgeons, RvuColumn.Team, RvuColumn.EndoscopicBase, RvuColumn.ConversionFactor,
        RvuColumn.Supervision, RvuColumn.CalculationFlag, RvuColumn.ImagingFamily, RvuColumn.OppsNonFacilityPe,
        RvuColumn.OppsFacilityPe, RvuColumn.OppsMp,
    ];

    public static readonly RvuColumn[] Columns2026 = [.. Columns2025[..23], RvuColumn.PricingIndicator, .. Columns2025[23..]];

    /// <summary>The fixed-width TXT layout: (column, 1-based start, length), from the RVU readme.</summary>
    public static readonly (RvuColumn Column, int Start, int Length)[] FixedWidth2025 =
    [
        (RvuColumn.Hcpcs, 1, 5), (RvuColumn.Modifier, 6, 2), (RvuColumn.Description, 8, 50), (RvuColumn.Status, 58, 1),
        (RvuColumn.NotUsedForPayment, 59, 1), (RvuColumn.Work, 60, 6), (RvuColumn.NonFacilityPe, 67, 6),
        (RvuColumn.NonFacilityNa, 73, 2), (RvuColumn.FacilityPe, 76, 6), (RvuColumn.FacilityNa, 82, 2), (RvuColumn.Mp, 85, 5),
        (RvuColumn.NonFacilityTotal, 91, 6), (RvuColumn.FacilityTotal, 97, 6), (RvuColumn.PcTc, 103, 1),
        (RvuColumn.GlobalDays, 104, 3), (RvuColumn.PreOp, 107, 3), (RvuColumn.IntraOp, 110, 3), (RvuColumn.PostOp, 113, 3),
        (RvuColumn.MultipleProcedure, 116, 1), (RvuColumn.Bilateral, 117, 1), (RvuColumn.Assistant, 118, 1),
        (RvuColumn.CoSurgeons, 119, 1), (RvuColumn.Team, 120, 1), (RvuColumn.EndoscopicBase, 128, 5),
        (RvuColumn.ConversionFactor, 133, 8), (RvuColumn.Supervision, 142, 2), (RvuColumn.CalculationFlag, 144, 1),
        (RvuColumn.ImagingFamily, 146, 2), (RvuColumn.OppsNonFacilityPe, 152, 6), (RvuColumn.OppsFacilityPe, 159, 6),
        (RvuColumn.OppsMp, 166, 6),
    ];

    /// <summary>Parses one field into the row being built.</summary>
    public static void Apply(ref RvuEntryBuilder b, RvuColumn column, ReadOnlySpan<byte> v, in FieldContext at)
    {
        switch (column)
        {
            case RvuColumn.Hcpcs: b.Hcpcs = CmsFields.Hcpcs(v, at); break;
            case RvuColumn.Modifier: b.Modifier = CmsFields.Modifier(v, at); break;
            case RvuColumn.Description: break; // collected by the reader
            case RvuColumn.Status: b.Status = CmsFields.Status(v, at); break;
            case RvuColumn.NotUsedForPayment: if (CmsFields.Flag(v, "+"u8, at)) b.Flags |= RvuFlags.NotUsedForMedicarePayment; break;
            case RvuColumn.Work: b.Work = CmsFields.Scaled(v, 2, at); break;
            case RvuColumn.NonFacilityPe: b.NonFacilityPe = CmsFields.Scaled(v, 2, at); break;
            case RvuColumn.NonFacilityNa: if (CmsFields.Flag(v, "NA"u8, at)) b.Flags |= RvuFlags.NonFacilityNa; break;
            case RvuColumn.FacilityPe: b.FacilityPe = CmsFields.Scaled(v, 2, at); break;
            case RvuColumn.FacilityNa: if (CmsFields.Flag(v, "NA"u8, at)) b.Flags |= RvuFlags.FacilityNa; break;
            case RvuColumn.Mp: b.Mp = CmsFields.Scaled(v, 2, at); break;
            case RvuColumn.NonFacilityTotal: b.NonFacilityTotal = CmsFields.Scaled(v, 2, at); break;
            case RvuColumn.FacilityTotal: b.FacilityTotal = CmsFields.Scaled(v, 2, at); break;
            case RvuColumn.PcTc: b.PcTc = (PcTcIndicator)CmsFields.Indicator(v, "0123456789", at); break;
            case RvuColumn.GlobalDays: b.GlobalPeriod = CmsFields.Global(v, at); break;
            case RvuColumn.PreOp: b.PreOp = CmsFields.Share(v, at); break;
            case RvuColumn.IntraOp: b.IntraOp = CmsFields.Share(v, at); break;
            case RvuColumn.PostOp: b.PostOp = CmsFields.Share(v, at); break;
            case RvuColumn.MultipleProcedure: b.MultipleProcedure = (MultipleProcedureIndicator)CmsFields.Indicator(v, "012345679", at); break;
            case RvuColumn.Bilateral: b.BilateralSurgery = (BilateralSurgeryIndicator)CmsFields.Indicator(v, "01239", at); break;
            case RvuColumn.Assistant: b.AssistantAtSurgery = (AssistantAtSurgeryIndicator)CmsFields.Indicator(v, "0129", at); break;
            case RvuColumn.CoSurgeons: b.CoSurgeons = (CoSurgeonIndicator)CmsFields.Indicator(v, "0129", at); break;
            case RvuColumn.Team: b.TeamSurgery = (TeamSurgeryIndicator)CmsFields.Indicator(v, "0129", at); break;
            case RvuColumn.PricingIndicator: b.PricingIndicator = CmsFields.Indicator(v, "0123456789", at); break;
            case RvuColumn.EndoscopicBase: b.EndoscopicBaseCode = CmsFields.OptionalHcpcs(v, at); break;
            case RvuColumn.ConversionFactor: b.ConversionFactor = CmsFields.Scaled(v, 4, at); break;
            case RvuColumn.Supervision: b.PhysicianSupervision = CmsFields.Supervision(v, at); break;
            case RvuColumn.CalculationFlag: b.CalculationFlag = CmsFields.Indicator(v, "0123456789", at); break;
            case RvuColumn.ImagingFamily: b.ImagingFamily = CmsFields.ImagingFamily(v, at); break;
            case RvuColumn.OppsNonFacilityPe: b.OppsNonFacilityPe = CmsFields.Scaled(v, 2, at); break;
            case RvuColumn.OppsFacilityPe: b.OppsFacilityPe = CmsFields.Scaled(v, 2, at); break;
            case RvuColumn.OppsMp: b.OppsMp = CmsFields.Scaled(v, 2, at); break;
            default: throw new ArgumentOutOfRangeException(nameof(column));
        }
    }
}
