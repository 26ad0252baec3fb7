namespace MedPayIQ.Pricing;

/// <summary>The claim adjustment group, reason and remark codes the rules write (X12 external code lists 139 and 411).</summary>
internal static class RemittanceCodes
{
    private const AdjustmentGroup CO = AdjustmentGroup.ContractualObligation, PR = AdjustmentGroup.PatientResponsibility, OA = AdjustmentGroup.OtherAdjustment;

    private static RemittanceCode[]? _table;

    /// <summary>Every code below, indexed by a byte (adjustments keep the byte); 0 is no code.</summary>
    private static RemittanceCode[] Table => _table ??=
    [
        default, ChargeExceedsFeeSchedule, MultipleProcedureRules, BundledComponent, BundledSameDay, Bundled, NonCovered, InvalidOnDate,
        ReportingOnly, SurgeonsNotCovered, ModifierInconsistent, InvalidUnits, MissingCode, BillingError, PendingReview, Deductible,
        Coinsurance, Sequestration,
    ];

    /// <summary>The code of an id.</summary>
    public static RemittanceCode Of(byte id) => Table[id];

    /// <summary>The id of CO-45.</summary>
    public const byte FeeScheduleId = 1;

    /// <summary>The id of a code (one of the codes below).</summary>
    public static byte IdOf(RemittanceCode code)
    {
        var table = Table;
        for (int i = 0; i < table.Length; i++)
        {
            if (table[i].Equals(code))
            {
                return (byte)i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(code), code, "Not one of the remittance codes the rules write.");
    }

    /// <summary>CO-45: charge exceeds the fee schedule or the legislated fee arrangement.</summary>
    public static readonly RemittanceCode ChargeExceedsFeeSchedule = new(CO, "45");

    /// <summary>CO-59: processed based on multiple or concurrent procedure rules.</summary>
    public static readonly RemittanceCode MultipleProcedureRules = new(CO, "59");

    /// <summary>CO-97 with M15: the benefit is included in the payment for another service; separately billed components bundled.</summary>
    public static readonly RemittanceCode BundledComponent = new(CO, "97", "M15");

    /// <summary>CO-97 with M80: not covered when performed the same date as another service.</summary>
    public static readonly RemittanceCode BundledSameDay = new(CO, "97", "M80");

    /// <summary>CO-97: included in the payment for another service (status B and P).</summary>
    public static readonly RemittanceCode Bundled = new(CO, "97");

    /// <summary>CO-96: non-covered charge (status N, E, X).</summary>
    public static readonly RemittanceCode NonCovered = new(CO, "96");

    /// <summary>CO-181: procedure code invalid on the date of service (status I, D, F, G, H; a code not in the release).</summary>
    public static readonly RemittanceCode InvalidOnDate = new(CO, "181");

    /// <summary>CO-246: a non-payable code for required reporting only (status M).</summary>
    public static readonly RemittanceCode ReportingOnly = new(CO, "246");

    /// <summary>CO-54: multiple physicians or assistants are not covered in this case.</summary>
    public static readonly RemittanceCode SurgeonsNotCovered = new(CO, "54");

    /// <summary>CO-4: the procedure code is inconsistent with the modifier used.</summary>
    public static readonly RemittanceCode ModifierInconsistent = new(CO, "4");

    /// <summary>CO-16 with M53: missing or invalid days or units of service.</summary>
    public static readonly RemittanceCode InvalidUnits = new(CO, "16", "M53");

    /// <summary>CO-16 with M51: missing or invalid procedure code.</summary>
    public static readonly RemittanceCode MissingCode = new(CO, "16", "M51");

    /// <summary>CO-16: the claim lacks information or has a billing error.</summary>
    public static readonly RemittanceCode BillingError = new(CO, "16");

    /// <summary>OA-133: the disposition of the line is pending further review (carrier priced, by report, no release).</summary>
    public static readonly RemittanceCode PendingReview = new(OA, "133");

    /// <summary>PR-1: deductible.</summary>
    public static readonly RemittanceCode Deductible = new(PR, "1");

    /// <summary>PR-2: coinsurance.</summary>
    public static readonly RemittanceCode Coinsurance = new(PR, "2");

    /// <summary>CO-253: sequestration, reduction in federal payment.</summary>
    public static readonly RemittanceCode Sequestration = new(CO, "253");
}
