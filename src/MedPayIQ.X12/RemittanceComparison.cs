using System.Collections.Immutable;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>How a remitted line was matched to the line it pays, from the surest to the least sure.</summary>
public enum RemittanceMatch
{
    /// <summary>The claim is in the 837P given (CLP01 = CLM01) and the line's REF*6R is the billed line's.</summary>
    ControlNumber,
    /// <summary>The claim is in the 837P given and the line is at the same position with the same code.</summary>
    Position,
    /// <summary>The claim is in the 837P given and the line is the first billed line of the same code not matched before.</summary>
    Code,
    /// <summary>No 837P claim: the claim was rebuilt from the 835 itself (codes, units, charges, dates) with the location and setting of the options: lower confidence.</summary>
    Rebuilt,
    /// <summary>The claim is in the 837P given but has no line for this one: not compared.</summary>
    Unmatched,
}

/// <summary>The most likely reason a remitted line's payment differs from the expected one.</summary>
public enum VarianceCause
{
    /// <summary>Paid as expected.</summary>
    None,
    /// <summary>The claim reverses an earlier payment (CLP02 22): not compared.</summary>
    Reversal,
    /// <summary>The remitted line matches no billed line.</summary>
    Unmatched,
    /// <summary>MedPayIQ does not price the line (carrier priced, unknown code, no release...).</summary>
    NotPriced,
    /// <summary>The payer denied a line the rules and the NCCI edits in force allow.</summary>
    PayerDenied,
    /// <summary>The payer paid a line an NCCI edit or a payment rule denies.</summary>
    ExpectedDenied,
    /// <summary>The payer's allowed amount is another locality's (other GPCIs).</summary>
    Locality,
    /// <summary>The payer's allowed amount is that of the other conversion factor (qualifying APM participant or not).</summary>
    ConversionFactor,
    /// <summary>The payer's allowed amount is that of the other setting (facility or non-facility).</summary>
    Setting,
    /// <summary>The payer reduced the line by a multiple procedure rule the rules do not apply to it.</summary>
    MultipleProcedureApplied,
    /// <summary>The payer did not apply the multiple procedure reduction the rules apply to the line.</summary>
    MultipleProcedureMissed,
    /// <summary>The payer's allowed amount is the line's without its modifiers' payment rules.</summary>
    Modifier,
    /// <summary>The payer's allowed amount is that of the other participation status (95 % non-participating).</summary>
    Participation,
    /// <summary>The same allowed amount, and a different deductible (PR-1).</summary>
    Deductible,
    /// <summary>The same allowed amount, and a different coinsurance (PR-2).</summary>
    Coinsurance,
    /// <summary>The same allowed amount, and a different sequestration (CO-253).</summary>
    Sequestration,
    /// <summary>A difference none of the above explains.</summary>
    Other,
}

/// <summary>One remitted line beside what Medicare's rules say it should have been paid.</summary>
public sealed record RemittanceLineComparison
{
    /// <summary>The line as remitted.</summary>
    public RemittanceLine Remitted { get; init; } = new();

    /// <summary>The expected adjudication of the line it pays, or <c>null</c> when unmatched or a reversal.</summary>
    public ExpectedLine? Expected { get; init; }

    /// <summary>How the line was matched.</summary>
    public RemittanceMatch Match { get; init; }

    /// <summary>The payment (SVC03).</summary>
    public decimal Paid => Remitted.Payment;

    /// <summary>The expected payment (the payment after coinsurance, deductible and sequestration), or the payment when not compared.</summary>
    public decimal ExpectedPaid { get; init; }

    /// <summary>Paid less expected: negative is an underpayment.</summary>
    public decimal Variance => Paid - ExpectedPaid;

    /// <summary>The payer's allowed amount (AMT*B6, else derived from the payment and the PR and CO-253 adjustments).</summary>
    public decimal Allowed => Remitted.AllowedOrDerived;

    /// <summary>The expected allowed amount, or the payer's when not compared.</summary>
    public decimal ExpectedAllowed { get; init; }

    /// <summary>The most likely cause of the variance.</summary>
    public VarianceCause Cause { get; init; }

    /// <summary>The cause in words, with the amounts that show it; empty when paid as expected.</summary>
    public string CauseText { get; init; } = "";
}

/// <summary>One remitted claim beside its expected adjudication.</summary>
public sealed record RemittanceClaimComparison
{
    /// <summary>The remittance (transaction set) the claim was read from.</summary>
    public Remittance Remittance { get; init; } = new();

    /// <summary>The claim as remitted.</summary>
    public RemittanceClaim Remitted { get; init; } = new();

    /// <summary>The claim's expected adjudication (of the 837P claim, or of the claim rebuilt from the 835), or <c>null</c> for a reversal.</summary>
    public ExpectedClaim? Expected { get; init; }

    /// <summary>Whether the claim billed was found in the 837P given (else rebuilt from the 835).</summary>
    public bool FromClaimFile { get; init; }

    /// <summary>Each line, in remittance order.</summary>
    public ImmutableArray<RemittanceLineComparison> Lines { get; init; } = [];

    /// <summary>The payer's name (N1*PR).</summary>
    public string Payer => Remittance.Payer.Name;

    /// <summary>The claim payment (CLP04).</summary>
    public decimal Paid => Remitted.Payment;

    /// <summary>The sum of the lines' expected payments, less the claim-level adjustments the payer made (CAS of loop 2100) when the lines are compared.</summary>
    public decimal ExpectedPaid { get; init; }

    /// <summary>Paid less expected.</summary>
    public decimal Variance => Paid - ExpectedPaid;
}

/// <summary>How remitted claims without an 837P are rebuilt, and which rules they are priced with.</summary>
public sealed record RemittanceComparisonOptions
{
    /// <summary>Where the services were furnished (the 835 does not say): national by default.</summary>
    public PricingLocation Location { get; init; } = PricingLocation.National;

    /// <summary>The place of service when CLP08 does not give one; <c>null</c>: non-facility.</summary>
    public PlaceOfService? PlaceOfService { get; init; }

    /// <summary>Who furnished the services (default a physician).</summary>
    public ProviderKind Provider { get; init; }

    /// <summary>Participating (the default) or not.</summary>
    public Participation Participation { get; init; }

    /// <summary>From 2026: a qualifying APM participant's conversion factor, or not (the default).</summary>
    public ApmStatus ApmStatus { get; init; }

    /// <summary>The read options the 837P claims were read with are theirs; a rebuilt claim takes sequestration (default true).</summary>
    public bool ApplySequestration { get; init; } = true;
}

/// <summary>Paid, expected and variance over a set of lines (a claim, a payer, a code).</summary>
public sealed record VarianceTotal
{
    /// <summary>The lines compared.</summary>
    public int Lines { get; init; }

    /// <summary>The sum of the payments.</summary>
    public decimal Paid { get; init; }

    /// <summary>The sum of the expected payments.</summary>
    public decimal ExpectedPaid { get; init; }

    /// <summary>Paid less expected.</summary>
    public decimal Variance => Paid - ExpectedPaid;

    /// <summary>The lines paid less than expected.</summary>
    public int UnderpaidLines { get; init; }

    /// <summary>The sum of their shortfalls (a positive amount).</summary>
    public decimal Underpaid { get; init; }

    /// <summary>The lines paid more than expected.</summary>
    public int OverpaidLines { get; init; }

    /// <summary>The sum of their excesses.</summary>
    public decimal Overpaid { get; init; }

    /// <summary>This total with one more line.</summary>
    public VarianceTotal Add(RemittanceLineComparison line)
    {
        ArgumentNullException.ThrowIfNull(line);
        decimal v = line.Variance;
        return this with
        {
            Lines = Lines + 1,
            Paid = Paid + line.Paid,
            ExpectedPaid = ExpectedPaid + line.ExpectedPaid,
            UnderpaidLines = UnderpaidLines + (v < 0 ? 1 : 0),
            Underpaid = Underpaid + (v < 0 ? -v : 0m),
            OverpaidLines = OverpaidLines + (v > 0 ? 1 : 0),
            Overpaid = Overpaid + (v > 0 ? v : 0m),
        };
    }
}

/// <summary>The totals of compared claims: all, per payer, per code (HCPCS and modifiers, such as <c>77321-26</c>).</summary>
public sealed class RemittanceTotals
{
    private readonly SortedDictionary<string, VarianceTotal> _payers = new(StringComparer.Ordinal), _codes = new(StringComparer.Ordinal);

    /// <summary>Every line compared.</summary>
    public VarianceTotal All { get; private set; } = new();

    /// <summary>The claims added.</summary>
    public int Claims { get; private set; }

    /// <summary>Per payer (N1*PR name).</summary>
    public IReadOnlyDictionary<string, VarianceTotal> ByPayer => _payers;

    /// <summary>Per code and modifiers.</summary>
    public IReadOnlyDictionary<string, VarianceTotal> ByCode => _codes;

    /// <summary>Adds a compared claim's lines.</summary>
    public void Add(RemittanceClaimComparison claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        Claims++;
        foreach (var line in claim.Lines)
        {
            All = All.Add(line);
            Add(_payers, claim.Payer, line);
            Add(_codes, CodeKey(line.Remitted.Hcpcs, line.Remitted.Modifiers), line);
        }
    }

    /// <summary>A code and its modifiers as one key: <c>77321</c>, <c>77321-26</c>, <c>27447-50-80</c>.</summary>
    public static string CodeKey(HcpcsCode hcpcs, ModifierSet modifiers)
        => modifiers.Count == 0 ? hcpcs.ToString() : $"{hcpcs}-{string.Join('-', modifiers)}";

    private static void Add(SortedDictionary<string, VarianceTotal> totals, string key, RemittanceLineComparison line)
        => totals[key] = (totals.TryGetValue(key, out var t) ? t : new VarianceTotal()).Add(line);
}
