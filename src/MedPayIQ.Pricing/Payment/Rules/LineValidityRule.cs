namespace MedPayIQ.Pricing;

/// <summary>
/// A line that cannot be priced as billed: units below 1, negative minutes, base units or charge, no code. Its outcome
/// is <see cref="PriceOutcome.InvalidLine"/> with the reason; the rest of the claim is priced.
/// </summary>
internal sealed class LineValidityRule : LineRule
{
    public static readonly LineValidityRule Instance = new();

    public override PricingRule Rule => PricingRule.LineValidity;

    public override string Name => "line";

    public override string Source => "ASC X12 837P / CMS-1500: days or units (SV104, item 24G), charge (SV102, item 24F), procedure code (SV101, item 24D)";

    public override RemittanceCode Remittance => RemittanceCodes.BillingError;

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.InvalidUnits, RemittanceCodes.MissingCode, RemittanceCodes.BillingError];

    public override RuleNeeds Needs => new(AnySeen: Seen.InvalidLines);

    /// <summary>Whether a line can be priced as billed (the engine notes a claim with any other line for this rule).</summary>
    internal static bool IsValid(in ClaimLine l)
        => l.Units >= 1 && l.AnesthesiaMinutes >= 0 && l.Hcpcs.IsSome && (l.AnesthesiaBaseUnits is null || l.AnesthesiaBaseUnits >= 0) && (l.BilledCharge is null || l.BilledCharge >= 0m);

    protected override void Apply(ref LineView line)
    {
        ref readonly var l = ref line.Line;
        if (IsValid(l))
        {
            return; // a valid line: nothing to say
        }

        (string? invalid, RemittanceCode code) = l.Units < 1 ? ($"units must be at least 1 (the line has {l.Units})", RemittanceCodes.InvalidUnits)
            : l.AnesthesiaMinutes < 0 ? ("anesthesia minutes cannot be negative", RemittanceCodes.InvalidUnits)
            : l.AnesthesiaBaseUnits < 0 ? ("anesthesia base units cannot be negative", RemittanceCodes.InvalidUnits)
            : l.BilledCharge < 0m ? ("the charge cannot be negative", RemittanceCodes.BillingError)
            : !l.Hcpcs.IsSome ? ("the line has no HCPCS code", RemittanceCodes.MissingCode)
            : ((string?)null, default(RemittanceCode));
        if (invalid is not null)
        {
            line.Decide(this, PriceOutcome.InvalidLine, code, $"Line {line.Index + 1}: {invalid}.");
        }
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price) => price.DecisionText!;

    public override string Reason(in Adjustment adjustment, in LinePrice price) => price.DecisionText!;
}
