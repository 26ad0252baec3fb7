using System.Collections.Immutable;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>
/// One service line of a remittance (loop 2110): SVC, its dates, CAS adjustments, REF*6R, AMT*B6 and LQ remark codes.
/// </summary>
public sealed record RemittanceLine
{
    /// <summary>The line's position in its claim, 1 for the first SVC.</summary>
    public int Number { get; init; }

    /// <summary>The procedure code (SVC01-2).</summary>
    public HcpcsCode Hcpcs { get; init; }

    /// <summary>The modifiers (SVC01-3 to -6).</summary>
    public ModifierSet Modifiers { get; init; }

    /// <summary>The line charge (SVC02).</summary>
    public decimal Charge { get; init; }

    /// <summary>The payment (SVC03).</summary>
    public decimal Payment { get; init; }

    /// <summary>The units paid (SVC05; 1 when not given).</summary>
    public decimal Units { get; init; } = 1m;

    /// <summary>The date of service (DTM*472, or DTM*150 of a range); <c>null</c> when the line has none (the claim's dates apply).</summary>
    public DateOnly? DateOfService { get; init; }

    /// <summary>The last date of a range (DTM*151), else the date of service.</summary>
    public DateOnly? ThroughDate { get; init; }

    /// <summary>The adjustments (CAS), each reason and amount pair in the order read.</summary>
    public ImmutableArray<CasAdjustment> Adjustments { get; init; } = [];

    /// <summary>The allowed amount (AMT*B6), or <c>null</c> when the payer did not send it.</summary>
    public decimal? Allowed { get; init; }

    /// <summary>The remark codes (LQ*HE).</summary>
    public ImmutableArray<string> Remarks { get; init; } = [];

    /// <summary>The line item control number (REF*6R), the 837P's REF*6R echoed; empty when not given.</summary>
    public string ControlNumber { get; init; } = "";

    /// <summary>The SVC segment's number in the file (1 for ISA): where the line is.</summary>
    public long Segment { get; init; }

    /// <summary>
    /// The allowed amount: AMT*B6 when given, else the payment plus the patient's share (PR) and sequestration
    /// (CO-253), which Medicare takes from its payment after allowing the line.
    /// </summary>
    public decimal AllowedOrDerived => Allowed ?? Payment + Adjustments.Where(a => a.Group == "PR" || (a.Group == "CO" && a.Reason == "253")).Sum(a => a.Amount);
}

/// <summary>The claim status of a remittance claim (835 CLP02).</summary>
public enum RemittanceClaimStatus
{
    /// <summary>1: processed as primary.</summary>
    ProcessedAsPrimary = 1,
    /// <summary>2: processed as secondary.</summary>
    ProcessedAsSecondary = 2,
    /// <summary>3: processed as tertiary.</summary>
    ProcessedAsTertiary = 3,
    /// <summary>4: denied.</summary>
    Denied = 4,
    /// <summary>19: processed as primary, forwarded to another payer.</summary>
    PrimaryForwarded = 19,
    /// <summary>20: processed as secondary, forwarded.</summary>
    SecondaryForwarded = 20,
    /// <summary>21: processed as tertiary, forwarded.</summary>
    TertiaryForwarded = 21,
    /// <summary>22: reversal of a previous payment (its amounts are negative).</summary>
    Reversal = 22,
    /// <summary>23: not our claim, forwarded.</summary>
    NotOurClaimForwarded = 23,
    /// <summary>25: predetermination pricing only, no payment.</summary>
    PredeterminationOnly = 25,
}

/// <summary>One claim of a remittance (loop 2100): CLP, the patient (NM1*QC), dates (DTM), claim-level CAS and its lines.</summary>
public sealed record RemittanceClaim
{
    /// <summary>The provider's claim identifier (CLP01: the 837P's CLM01).</summary>
    public string ClaimId { get; init; } = "";

    /// <summary>The claim status (CLP02).</summary>
    public RemittanceClaimStatus Status { get; init; }

    /// <summary>The total charge (CLP03).</summary>
    public decimal Charge { get; init; }

    /// <summary>The payment (CLP04).</summary>
    public decimal Payment { get; init; }

    /// <summary>The patient responsibility (CLP05), 0 when not given.</summary>
    public decimal PatientResponsibility { get; init; }

    /// <summary>The claim filing indicator (CLP06): MB for Medicare Part B.</summary>
    public string FilingIndicator { get; init; } = "";

    /// <summary>The payer's claim control number (CLP07).</summary>
    public string PayerClaimControlNumber { get; init; } = "";

    /// <summary>The place of service (CLP08), when given.</summary>
    public PlaceOfService? PlaceOfService { get; init; }

    /// <summary>The claim frequency code (CLP09).</summary>
    public string FrequencyCode { get; init; } = "";

    /// <summary>The patient (NM1*QC): name and member id.</summary>
    public X12Party Patient { get; init; } = new();

    /// <summary>The first date of service of the claim (DTM*232), when given.</summary>
    public DateOnly? StatementFrom { get; init; }

    /// <summary>The last date of service of the claim (DTM*233), when given.</summary>
    public DateOnly? StatementThrough { get; init; }

    /// <summary>The date the payer received the claim (DTM*050), when given.</summary>
    public DateOnly? Received { get; init; }

    /// <summary>The claim-level adjustments (CAS of loop 2100).</summary>
    public ImmutableArray<CasAdjustment> Adjustments { get; init; } = [];

    /// <summary>The service lines (loop 2110), in the order read.</summary>
    public ImmutableArray<RemittanceLine> Lines { get; init; } = [];

    /// <summary>The CLP segment's number in the file (1 for ISA).</summary>
    public long Segment { get; init; }

    /// <summary>Whether the claim reverses an earlier payment (CLP02 22).</summary>
    public bool IsReversal => Status == RemittanceClaimStatus.Reversal;
}

/// <summary>A provider-level adjustment (PLB): an amount taken from (positive) or added to (negative) the payment.</summary>
/// <param name="ProviderId">PLB01: the provider's identifier (NPI or tax id).</param>
/// <param name="FiscalPeriodEnd">PLB02: the last day of the provider's fiscal period.</param>
/// <param name="Reason">PLB03-1 (and the following pairs): WO overpayment recovery, L6 interest, FB forwarding balance...</param>
/// <param name="Reference">PLB03-2: the reference (the claim the recovery is for), empty when not given.</param>
/// <param name="Amount">PLB04: positive reduces the payment, negative adds to it.</param>
public readonly record struct ProviderAdjustment(string ProviderId, DateOnly FiscalPeriodEnd, string Reason, string Reference, decimal Amount);

/// <summary>
/// One 835 transaction set: the payment (BPR), its trace (TRN), payer and payee (1000A, 1000B), the claims and the
/// provider-level adjustments; and whatever does not balance (each listed, not hidden).
/// </summary>
public sealed record Remittance
{
    /// <summary>The file or stream name given to the reader.</summary>
    public string Source { get; init; } = "";

    /// <summary>The control numbers of the transaction.</summary>
    public X12ControlNumbers Envelope { get; init; } = new("", "", "");

    /// <summary>BPR01: I (remittance information only), C (payment with it), H (notification only)...</summary>
    public string Handling { get; init; } = "";

    /// <summary>BPR02: the total payment.</summary>
    public decimal TotalPayment { get; init; }

    /// <summary>BPR04: CHK (check), ACH, NON (no payment)...</summary>
    public string PaymentMethod { get; init; } = "";

    /// <summary>BPR16: the check issue or effective entry date, when given.</summary>
    public DateOnly? PaymentDate { get; init; }

    /// <summary>TRN02: the check or EFT trace number.</summary>
    public string TraceNumber { get; init; } = "";

    /// <summary>TRN03: the payer's identifier.</summary>
    public string PayerIdentifier { get; init; } = "";

    /// <summary>The production date (DTM*405), when given.</summary>
    public DateOnly? ProductionDate { get; init; }

    /// <summary>The payer (N1*PR, N3, N4; REF*2U as its id).</summary>
    public X12Party Payer { get; init; } = new();

    /// <summary>The payee (N1*PE with its NPI, N3, N4; REF*TJ as its tax id).</summary>
    public X12Party Payee { get; init; } = new();

    /// <summary>The claims, in the order read.</summary>
    public ImmutableArray<RemittanceClaim> Claims { get; init; } = [];

    /// <summary>The provider-level adjustments (PLB), each reason and amount pair.</summary>
    public ImmutableArray<ProviderAdjustment> ProviderAdjustments { get; init; } = [];

    /// <summary>
    /// What does not balance: a line whose charge less its adjustments is not its payment, a claim whose charge less
    /// its adjustments (claim and lines) is not its payment or whose patient responsibility is not the sum of its PR
    /// adjustments, a BPR02 that is not the claims' payments less the provider adjustments. The remittance is read all
    /// the same.
    /// </summary>
    public ImmutableArray<X12Error> Imbalances { get; init; } = [];
}
