using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// The beneficiary's unmet Part B deductible (when the claim tracks it) goes to the claim's lines in an order that does
/// not depend on line order: by date of service, then the larger allowed amount, then code (PR-1).
/// </summary>
internal sealed class DeductibleRule : WholeClaimRule
{
    public static readonly DeductibleRule Instance = new();

    public override PricingRule Rule => PricingRule.Deductible;

    public override RuleNeeds Needs => new(AnySeen: Seen.Deductible);

    public override string Name => "deductible";

    public override string Source => "42 CFR 410.160 (Part B deductible; 2025 $257, 2026 $283); CARC 1";

    public override RemittanceCode Remittance => RemittanceCodes.Deductible;

    public override void Apply(ref ClaimDay day)
    {
        var claim = day.Claim;
        if (claim.DeductibleRemaining is not { } deductible || deductible <= 0m)
        {
            return;
        }

        int n = day.Lines.Length;
        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<int> order = n <= 256 ? stackalloc int[n] : new int[n];
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (day.Line(i) is { Outcome: PriceOutcome.Priced } line && Applies(line.Schedule))
            {
                order[m++] = i;
            }
        }

        order = order[..m];
        if (m > 1)
        {
            var keys = new (DateOnly, long, long, int)[m];
            for (int k = 0; k < m; k++)
            {
                var line = day.Line(order[k]);
                keys[k] = (line.Line.DateOfService, -line.Allowed, line.TieKey, order[k]);
            }

            Array.Sort(keys);
            for (int k = 0; k < m; k++)
            {
                order[k] = keys[k].Item4;
            }
        }

        long remaining = Math.Max(Money.Cents(deductible), 0);
        foreach (int i in order)
        {
            var line = day.Line(i);
            long taken = Math.Min(remaining, line.Allowed);
            remaining -= taken;
            line.SetDeductible(taken);
        }
    }

    /// <summary>Whether the Part B deductible applies to a schedule's lines: not to clinical laboratory tests (Pub. 100-04 ch. 16 section 30).</summary>
    internal static bool Applies(PaymentSchedule schedule) => schedule != PaymentSchedule.ClinicalLaboratory;

    public override string Detail(in Adjustment adjustment, in LinePrice price) => string.Empty;

    public override void WriteSteps(in LinePrice price, System.Collections.Immutable.ImmutableArray<PricingStep>.Builder steps)
    {
        long deductible = RemittanceCents(price);
        if (deductible > 0)
        {
            decimal allowed = price.AllowedAmount, taken = Money.Dollars(deductible);
            steps.Add(Step(string.Create(CultureInfo.InvariantCulture, $"{taken} of the allowed amount goes to the Part B deductible"), allowed, allowed - taken, null, deductible));
        }
    }

    public override long RemittanceCents(in LinePrice price) => price.DeductibleCents;
}
