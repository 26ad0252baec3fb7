using System.Collections.Immutable;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>One CAS adjustment of a remittance line: group (CO, PR, OA), reason code (CARC), amount and the remark code (RARC) that goes with it.</summary>
/// <param name="Group">CO, PR or OA.</param>
/// <param name="Reason">The claim adjustment reason code, such as 45.</param>
/// <param name="Amount">The amount, dollars.</param>
/// <param name="Remark">The remittance advice remark code written in LQ, or <c>null</c>.</param>
public readonly record struct CasAdjustment(string Group, string Reason, decimal Amount, string? Remark)
{
    /// <summary>As a remittance writes it: <c>CO-45 12.50</c>.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Group}-{Reason}{(Remark is null ? "" : " " + Remark)} {Amount:0.00}");
}

/// <summary>The claim status of an expected remittance (835 CLP02).</summary>
public enum ExpectedClaimStatus
{
    /// <summary>1: processed as primary (some line priced, even if nothing is paid after the deductible).</summary>
    Processed = 1,
    /// <summary>4: denied (no line priced: every line denied by an edit or not payable).</summary>
    Denied = 4,
}

/// <summary>
/// One line of an expected remittance: its charge, what Medicare allows and pays, and the CAS adjustments between
/// them (charge - adjustments = payment, to the cent). A line an NCCI edit denies is adjusted in full with the edit's
/// denial code; every other line is the <see cref="LinePrice"/> of the payment calculator, its adjustments as is.
/// </summary>
public sealed record ExpectedLine
{
    /// <summary>The line's number in the claim, 1 for the first.</summary>
    public int LineNumber { get; init; }

    /// <summary>The line as billed.</summary>
    public ClaimLine Line { get; init; }

    /// <summary>
    /// The calculator's price of the line, or <c>null</c> when an NCCI edit denied it (it is not priced). Its
    /// <see cref="LinePrice.LineNumber"/> is the line's number in the claim priced without the denied lines.
    /// </summary>
    public LinePrice? Price { get; init; }

    /// <summary>The NCCI finding that denied the line, or <c>null</c>.</summary>
    public NcciFinding? Denial { get; init; }

    /// <summary>The charge the remittance starts from (SVC02).</summary>
    public decimal Charge { get; init; }

    /// <summary>The allowed amount (AMT*B6).</summary>
    public decimal Allowed { get; init; }

    /// <summary>The Medicare payment (SVC03).</summary>
    public decimal Payment { get; init; }

    /// <summary>Deductible and coinsurance: the PR adjustments.</summary>
    public decimal PatientResponsibility { get; init; }

    /// <summary>The adjustments (CAS), in the order of the rules.</summary>
    public ImmutableArray<CasAdjustment> Adjustments { get; init; } = [];
}

/// <summary>The expected adjudication of one claim: each line, and the claim's totals (835 CLP).</summary>
public sealed record ExpectedClaim
{
    /// <summary>The claim's identifier (CLM01, the claim_id of a claim file).</summary>
    public string ClaimId { get; init; } = "";

    /// <summary>The claim adjudicated.</summary>
    public Claim Claim { get; init; } = new([]);

    /// <summary>The 837P claim it was read from, or <c>null</c> for a claim of another source.</summary>
    public ProfessionalClaim? Source { get; init; }

    /// <summary>The NCCI edits that fired, or <c>null</c> when no edits were checked.</summary>
    public NcciCheck? Edits { get; init; }

    /// <summary>Each line, in claim order.</summary>
    public ImmutableArray<ExpectedLine> Lines { get; init; } = [];

    /// <summary>Processed or denied (CLP02).</summary>
    public ExpectedClaimStatus Status { get; init; }

    /// <summary>The sum of the lines' charges (CLP03).</summary>
    public decimal Charge { get; init; }

    /// <summary>The sum of the lines' payments (CLP04).</summary>
    public decimal Payment { get; init; }

    /// <summary>The sum of the lines' patient responsibility (CLP05).</summary>
    public decimal PatientResponsibility { get; init; }

    /// <summary>The sum of the lines' allowed amounts.</summary>
    public decimal Allowed { get; init; }
}

/// <summary>
/// The payment Medicare's rules and the NCCI edits say a claim should get: the edits in force are checked first
/// (<see cref="NcciChecker"/>, practitioner tables); the lines they deny are adjusted in full with the edit's denial
/// code (PTP CO-97, MUE CO-151 N362, add-on without primary CO-107) and the other lines are priced together by the
/// <see cref="PaymentCalculator"/>, so a denied line takes no rank in the multiple procedure rules. Nothing is
/// recomputed here: the amounts and adjustments are the calculator's. Thread-safe.
/// </summary>
public sealed class ExpectedAdjudicator
{
    private readonly PaymentCalculator _calculator;
    private readonly NcciChecker? _checker;

    /// <summary>Creates an adjudicator.</summary>
    /// <param name="calculator">The payment calculator.</param>
    /// <param name="checker">The NCCI edits to apply, or <c>null</c> to price without edits.</param>
    public ExpectedAdjudicator(PaymentCalculator calculator, NcciChecker? checker = null)
    {
        ArgumentNullException.ThrowIfNull(calculator);
        _calculator = calculator;
        _checker = checker;
    }

    /// <summary>Adjudicates a claim read from an 837P.</summary>
    public ExpectedClaim Adjudicate(ProfessionalClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return Adjudicate(claim.ClaimId, claim.Claim) with { Source = claim };
    }

    /// <summary>Adjudicates a claim.</summary>
    /// <param name="claimId">Its identifier, written in CLP01.</param>
    /// <param name="claim">The claim.</param>
    public ExpectedClaim Adjudicate(string claimId, Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claimId);
        ArgumentNullException.ThrowIfNull(claim);
        var check = _checker?.Check(claim);
        var denials = new NcciFinding?[claim.Lines.Length];
        bool anyDenied = false;
        if (check is not null)
        {
            foreach (var finding in check.Findings)
            {
                if (finding.DenialCode is null)
                {
                    continue;
                }

                foreach (int n in finding.DeniedLines)
                {
                    if (n >= 1 && n <= denials.Length && denials[n - 1] is null)
                    {
                        denials[n - 1] = finding;
                        anyDenied = true;
                    }
                }
            }
        }

        var priced = _calculator.Price(anyDenied ? claim with { Lines = [.. claim.Lines.Where((_, i) => denials[i] is null)] } : claim);
        var lines = ImmutableArray.CreateBuilder<ExpectedLine>(claim.Lines.Length);
        decimal charge = 0m, payment = 0m, patient = 0m, allowed = 0m;
        bool anyPriced = false;
        int next = 0;
        for (int i = 0; i < claim.Lines.Length; i++)
        {
            var line = denials[i] is { } denial ? Denied(i + 1, claim.Lines[i], denial) : Priced(i + 1, priced.Lines[next++]);
            anyPriced |= line.Price is { Outcome: PriceOutcome.Priced };
            charge += line.Charge;
            payment += line.Payment;
            patient += line.PatientResponsibility;
            allowed += line.Allowed;
            lines.Add(line);
        }

        return new ExpectedClaim
        {
            ClaimId = claimId,
            Claim = claim,
            Edits = check,
            Lines = lines.MoveToImmutable(),
            Status = anyPriced ? ExpectedClaimStatus.Processed : ExpectedClaimStatus.Denied,
            Charge = charge,
            Payment = payment,
            PatientResponsibility = patient,
            Allowed = allowed,
        };
    }

    private static ExpectedLine Priced(int number, LinePrice price)
    {
        var adjustments = price.Adjustments;
        var cas = ImmutableArray.CreateBuilder<CasAdjustment>(adjustments.Length);
        foreach (var a in adjustments)
        {
            cas.Add(new CasAdjustment(a.Code.GroupCode, a.Code.Reason, a.Amount, a.Code.Remark));
        }

        return new ExpectedLine
        {
            LineNumber = number,
            Line = price.Line,
            Price = price,
            Charge = price.Charge,
            Allowed = price.AllowedAmount,
            Payment = price.MedicarePayment,
            PatientResponsibility = price.PatientResponsibility,
            Adjustments = cas.MoveToImmutable(),
        };
    }

    private static ExpectedLine Denied(int number, ClaimLine line, NcciFinding denial)
    {
        decimal charge = (line.BilledCharge ?? 0m) + 0.00m; // to the cent, as the priced lines' amounts
        return new ExpectedLine
        {
            LineNumber = number,
            Line = line,
            Denial = denial,
            Charge = charge,
            Allowed = 0.00m,
            Payment = 0.00m,
            PatientResponsibility = 0.00m,
            Adjustments = [DenialAdjustment(denial.DenialCode!, charge)],
        };
    }

    /// <summary>The CAS of an NCCI denial code written <c>CO-151 N362</c>: group, reason, then the remark if any.</summary>
    internal static CasAdjustment DenialAdjustment(string code, decimal amount)
    {
        var text = code.AsSpan().Trim();
        int dash = text.IndexOf('-');
        int space = text.IndexOf(' ');
        string group = dash > 0 ? text[..dash].ToString() : "CO";
        var reason = dash > 0 ? text[(dash + 1)..] : text;
        string? remark = null;
        if (space > dash)
        {
            reason = text[(dash + 1)..space];
            remark = text[(space + 1)..].Trim().ToString();
        }

        return new CasAdjustment(group, reason.ToString(), amount, remark);
    }
}
