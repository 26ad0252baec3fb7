using System.Runtime.CompilerServices;

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

    /// <summary>Parses one field into the row being built; on failure throws a precise exception (cold path).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void Apply(ref RvuEntryBuilder b, RvuColumn column, ReadOnlySpan<byte> v, string file, long line, int position, bool includeValues)
    {
        if (!TryApply(ref b, column, v))
        {
            Fail(column, v, new FieldContext(file, line, position, Names[(int)column], includeValues));
        }
    }

    /// <summary>
    /// Parses a whole CSV row of the 2025 (31 columns) or 2026 (32 columns) layout in one straight sequence: the hot
    /// path. Returns <c>false</c> when any field is invalid; the caller then finds which with <see cref="Apply"/>.
    /// </summary>
    public static bool TryParseRow<TFields>(scoped ref TFields f, bool layout2026, scoped ref RvuEntryBuilder b, out ReadOnlySpan<byte> description)
        where TFields : IFieldCursor, allows ref struct
    {
        bool ok = CmsFields.TryHcpcs(f.Next(), out b.Hcpcs);
        ok &= Pricing.Modifier.TryParseUtf8(f.Next(), out b.Modifier);
        description = f.Next();
        ok &= CmsFields.TryStatus(f.Next(), out b.Status);
        ok &= CmsFields.TryFlag(f.Next(), (byte)'+', 0, ref b.Flags, RvuFlags.NotUsedForMedicarePayment);
        ok &= CmsFields.TryRvu(f.Next(), out b.Work);
        ok &= CmsFields.TryRvu(f.Next(), out b.NonFacilityPe);
        ok &= CmsFields.TryFlag(f.Next(), (byte)'N', (byte)'A', ref b.Flags, RvuFlags.NonFacilityNa);
        ok &= CmsFields.TryRvu(f.Next(), out b.FacilityPe);
        ok &= CmsFields.TryFlag(f.Next(), (byte)'N', (byte)'A', ref b.Flags, RvuFlags.FacilityNa);
        ok &= CmsFields.TryRvu(f.Next(), out b.Mp);
        ok &= CmsFields.TryRvu(f.Next(), out b.NonFacilityTotal);
        ok &= CmsFields.TryRvu(f.Next(), out b.FacilityTotal);
        ok &= CmsFields.TryIndicator(f.Next(), 0b11_1111_1111, out Unsafe.As<PcTcIndicator, byte>(ref b.PcTc));
        ok &= CmsFields.TryGlobal(f.Next(), out b.GlobalPeriod);
        ok &= CmsFields.TryShare(f.Next(), out b.PreOp);
        ok &= CmsFields.TryShare(f.Next(), out b.IntraOp);
        ok &= CmsFields.TryShare(f.Next(), out b.PostOp);
        ok &= CmsFields.TryIndicator(f.Next(), 0b10_1111_1111, out Unsafe.As<MultipleProcedureIndicator, byte>(ref b.MultipleProcedure));
        ok &= CmsFields.TryIndicator(f.Next(), 0b10_0000_1111, out Unsafe.As<BilateralSurgeryIndicator, byte>(ref b.BilateralSurgery));
        ok &= CmsFields.TryIndicator(f.Next(), 0b10_0000_0111, out Unsafe.As<AssistantAtSurgeryIndicator, byte>(ref b.AssistantAtSurgery));
        ok &= CmsFields.TryIndicator(f.Next(), 0b10_0000_0111, out Unsafe.As<CoSurgeonIndicator, byte>(ref b.CoSurgeons));
        ok &= CmsFields.TryIndicator(f.Next(), 0b10_0000_0111, out Unsafe.As<TeamSurgeryIndicator, byte>(ref b.TeamSurgery));
        if (layout2026)
        {
            ok &= CmsFields.TryIndicator(f.Next(), 0b11_1111_1111, out byte pricing);
            b.PricingIndicator = pricing;
        }

        ok &= CmsFields.TryOptionalHcpcs(f.Next(), out b.EndoscopicBaseCode);
        ok &= CmsFields.TryScaled(f.Next(), 4, out b.ConversionFactor);
        ok &= CmsFields.TrySupervision(f.Next(), out b.PhysicianSupervision);
        ok &= CmsFields.TryIndicator(f.Next(), 0b11_1111_1111, out b.CalculationFlag);
        ok &= CmsFields.TryImagingFamily(f.Next(), out b.ImagingFamily);
        ok &= CmsFields.TryRvu(f.Next(), out b.OppsNonFacilityPe);
        ok &= CmsFields.TryRvu(f.Next(), out b.OppsFacilityPe);
        ok &= CmsFields.TryRvu(f.Next(), out b.OppsMp);
        return ok;
    }

    /// <summary>Parses one field into the row being built. The hot path: no allocation, no context.</summary>
    public static bool TryApply(ref RvuEntryBuilder b, RvuColumn column, ReadOnlySpan<byte> v)
    {
        switch (column)
        {
            case RvuColumn.Hcpcs: return CmsFields.TryHcpcs(v, out b.Hcpcs);
            case RvuColumn.Modifier: return Pricing.Modifier.TryParseUtf8(v, out b.Modifier);
            case RvuColumn.Description: return true; // collected by the reader
            case RvuColumn.Status: return CmsFields.TryStatus(v, out b.Status);
            case RvuColumn.NotUsedForPayment: return CmsFields.TryFlag(v, (byte)'+', 0, ref b.Flags, RvuFlags.NotUsedForMedicarePayment);
            case RvuColumn.Work: return CmsFields.TryRvu(v, out b.Work);
            case RvuColumn.NonFacilityPe: return CmsFields.TryRvu(v, out b.NonFacilityPe);
            case RvuColumn.NonFacilityNa: return CmsFields.TryFlag(v, (byte)'N', (byte)'A', ref b.Flags, RvuFlags.NonFacilityNa);
            case RvuColumn.FacilityPe: return CmsFields.TryRvu(v, out b.FacilityPe);
            case RvuColumn.FacilityNa: return CmsFields.TryFlag(v, (byte)'N', (byte)'A', ref b.Flags, RvuFlags.FacilityNa);
            case RvuColumn.Mp: return CmsFields.TryRvu(v, out b.Mp);
            case RvuColumn.NonFacilityTotal: return CmsFields.TryRvu(v, out b.NonFacilityTotal);
            case RvuColumn.FacilityTotal: return CmsFields.TryRvu(v, out b.FacilityTotal);
            case RvuColumn.PcTc: return CmsFields.TryIndicator(v, 0b11_1111_1111, out Unsafe.As<PcTcIndicator, byte>(ref b.PcTc));
            case RvuColumn.GlobalDays: return CmsFields.TryGlobal(v, out b.GlobalPeriod);
            case RvuColumn.PreOp: return CmsFields.TryShare(v, out b.PreOp);
            case RvuColumn.IntraOp: return CmsFields.TryShare(v, out b.IntraOp);
            case RvuColumn.PostOp: return CmsFields.TryShare(v, out b.PostOp);
            case RvuColumn.MultipleProcedure: return CmsFields.TryIndicator(v, 0b10_1111_1111, out Unsafe.As<MultipleProcedureIndicator, byte>(ref b.MultipleProcedure));
            case RvuColumn.Bilateral: return CmsFields.TryIndicator(v, 0b10_0000_1111, out Unsafe.As<BilateralSurgeryIndicator, byte>(ref b.BilateralSurgery));
            case RvuColumn.Assistant: return CmsFields.TryIndicator(v, 0b10_0000_0111, out Unsafe.As<AssistantAtSurgeryIndicator, byte>(ref b.AssistantAtSurgery));
            case RvuColumn.CoSurgeons: return CmsFields.TryIndicator(v, 0b10_0000_0111, out Unsafe.As<CoSurgeonIndicator, byte>(ref b.CoSurgeons));
            case RvuColumn.Team: return CmsFields.TryIndicator(v, 0b10_0000_0111, out Unsafe.As<TeamSurgeryIndicator, byte>(ref b.TeamSurgery));
            case RvuColumn.PricingIndicator:
                bool ok = CmsFields.TryIndicator(v, 0b11_1111_1111, out byte p);
                b.PricingIndicator = p;
                return ok;
            case RvuColumn.EndoscopicBase: return CmsFields.TryOptionalHcpcs(v, out b.EndoscopicBaseCode);
            case RvuColumn.ConversionFactor: return CmsFields.TryScaled(v, 4, out b.ConversionFactor);
            case RvuColumn.Supervision: return CmsFields.TrySupervision(v, out b.PhysicianSupervision);
            case RvuColumn.CalculationFlag: return CmsFields.TryIndicator(v, 0b11_1111_1111, out b.CalculationFlag);
            case RvuColumn.ImagingFamily: return CmsFields.TryImagingFamily(v, out b.ImagingFamily);
            case RvuColumn.OppsNonFacilityPe: return CmsFields.TryRvu(v, out b.OppsNonFacilityPe);
            case RvuColumn.OppsFacilityPe: return CmsFields.TryRvu(v, out b.OppsFacilityPe);
            case RvuColumn.OppsMp: return CmsFields.TryRvu(v, out b.OppsMp);
            default: return false;
        }
    }

    /// <summary>
    /// CMS defines each total as work + PE + MP (RVU readme); a row whose published total differs is an edited or
    /// corrupted file. <paramref name="nonFacilityPosition"/> and <paramref name="facilityPosition"/> are the totals'
    /// columns (field numbers in the CSV, character positions in the fixed-width file).
    /// </summary>
    public static void CheckTotals(in RvuEntryBuilder b, string file, long line, int nonFacilityPosition, int facilityPosition, bool includeValues)
    {
        int nonFacility = b.Work + b.NonFacilityPe + b.Mp, facility = b.Work + b.FacilityPe + b.Mp;
        if (b.NonFacilityTotal != nonFacility)
        {
            TotalMismatch(b.NonFacilityTotal, nonFacility, "NON-FAC PE", new FieldContext(file, line, nonFacilityPosition, Names[(int)RvuColumn.NonFacilityTotal], includeValues));
        }

        if (b.FacilityTotal != facility)
        {
            TotalMismatch(b.FacilityTotal, facility, "FACILITY PE", new FieldContext(file, line, facilityPosition, Names[(int)RvuColumn.FacilityTotal], includeValues));
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TotalMismatch(int total, int sum, string pe, in FieldContext at)
    {
        var text = Fixed.Hundredths(total).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        FeeScheduleThrow.Field(at, System.Text.Encoding.ASCII.GetBytes(text), $"expected WORK RVU + {pe} RVU + MP RVU = {Fixed.Hundredths(sum).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}, the total as CMS defines it");
    }

    /// <summary>Throws the exception for a field that did not parse, saying what the column expects.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Fail(RvuColumn column, ReadOnlySpan<byte> v, in FieldContext at)
    {
        string expected = column switch
        {
            RvuColumn.Hcpcs or RvuColumn.EndoscopicBase => CmsFields.ExpectedHcpcs,
            RvuColumn.Modifier => CmsFields.ExpectedModifier,
            RvuColumn.Status => CmsFields.ExpectedStatus,
            RvuColumn.NotUsedForPayment => "expected blank or '+'",
            RvuColumn.NonFacilityNa or RvuColumn.FacilityNa => "expected blank or 'NA'",
            RvuColumn.PcTc or RvuColumn.PricingIndicator or RvuColumn.CalculationFlag => "expected one digit, 0-9",
            RvuColumn.MultipleProcedure => "expected one of 0, 1, 2, 3, 4, 5, 6, 7, 9",
            RvuColumn.Bilateral => "expected one of 0, 1, 2, 3, 9",
            RvuColumn.Assistant or RvuColumn.CoSurgeons or RvuColumn.Team => "expected one of 0, 1, 2, 9",
            RvuColumn.GlobalDays => "expected a global period (000, 010, 090, MMM, XXX, YYY or ZZZ)",
            RvuColumn.PreOp or RvuColumn.IntraOp or RvuColumn.PostOp => "expected a share between 0 and 1 with at most 2 decimals",
            RvuColumn.ConversionFactor => "expected a non-negative decimal number with at most 4 decimals",
            RvuColumn.Supervision => "expected a supervision level (01-06, 09, 21, 22, 66, 6A, 77 or 7A)",
            RvuColumn.ImagingFamily => "expected a diagnostic imaging family (01-11, 88 or 99)",
            _ => "expected a non-negative decimal number with at most 2 decimals",
        };
        FeeScheduleThrow.Field(at, v, expected);
    }
}

/// <summary>The fields of one record, in order.</summary>
internal interface IFieldCursor
{
    ReadOnlySpan<byte> Next();
}

/// <summary>The fields of the reader's current record, as CsvHelper unquotes them.</summary>
internal ref struct ReaderFieldCursor : IFieldCursor
{
    private readonly CsvHelper.CsvReader _reader;
    private int _index;

    public ReaderFieldCursor(CsvHelper.CsvReader reader) => _reader = reader;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Next() => _reader.GetSpan(_index++);
}
