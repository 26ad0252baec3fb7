using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// Medicare allows the lesser of the billed charge and the fee schedule amount (a bilateral pair compares both sides'
/// charges). On the remittance, the charge above the allowed amount is taken by the rules that reduced the line, each
/// with its own code (multiple procedures CO-59, bundling CO-97...), and the rest is CO-45; a line that is not paid
/// has its whole charge adjusted with the code of the rule that decided it. Without a billed charge, the remittance
/// takes the charge to be the fee schedule amount before the claim's reductions.
/// </summary>
internal sealed class LesserOfChargeRule : WholeClaimRule
{
    public static readonly LesserOfChargeRule Instance = new();


    public override PricingRule Rule => PricingRule.LesserOfCharge;

    public override RuleNeeds Needs => new(AnySeen: Seen.Charges);

    public override string Name => "charge";

    public override string Source => "Social Security Act section 1848(a)(1) (the lesser of the actual charge and the fee schedule amount); CARC 45";

    public override void Apply(ref ClaimDay day)
    {
        int n = day.Lines.Length;
        bool billed = false;
        for (int i = 0; i < n; i++)
        {
            var line = day.Line(i);
            if (line.Outcome == PriceOutcome.Priced && line.ComparedChargeCents >= 0 && line.ComparedChargeCents < line.Allowed)
            {
                line.SetAllowed(line.ComparedChargeCents, true);
            }

            billed |= line.Line.BilledCharge.HasValue;
        }

        if (!billed)
        {
            return; // each rule takes its whole reduction: the remittance is written from the steps when read
        }

        // A billed line: the rules take their reductions as far as the charge above the allowed amount goes; a line that
        // is not paid has its whole charge adjusted by the rule that decided it.
        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<long> remaining = n <= 64 ? stackalloc long[n] : new long[n];
        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<decimal> running = n <= 64 ? stackalloc decimal[n] : new decimal[n];
        for (int i = 0; i < n; i++)
        {
            var line = day.Line(i);
            long charge = line.BilledChargeCents;
            remaining[i] = charge >= 0 ? charge - line.Allowed : 0;
            running[i] = line.FirstAmount;
        }

        foreach (ref var a in day.Written)
        {
            decimal before = running[a.Line];
            running[a.Line] = a.After;
            var line = day.Line(a.Line);
            long charge = line.BilledChargeCents;
            if (charge < 0)
            {
                continue; // no charge on the line: its remittance is written from its steps when read
            }

            if (line.Outcome != PriceOutcome.Priced)
            {
                a.RemittanceCents = a.Decision ? charge : 0;
                continue;
            }

            if (!a.Decision && a.After < before && a.Rule.RemitsReductions && a.CodeId == a.Rule.RemittanceId)
            {
                a.RemittanceCents = Math.Min(Reduction(before, a.After), Math.Max(remaining[a.Line], 0));
                remaining[a.Line] -= a.RemittanceCents;
            }
        }
    }

    /// <summary>
    /// What an adjustment of a line without a billed charge takes on the remittance: the amount a deciding rule took
    /// away, or a rule's own reduction (the rest of the line's charge is its allowed amount).
    /// </summary>
    internal static long Unbilled(in Adjustment a, decimal before, PriceOutcome outcome)
        => outcome != PriceOutcome.Priced ? (a.Decision ? Money.Cents(before) : 0)
        : !a.Decision && a.After < before && a.Rule.RemitsReductions && a.CodeId == a.Rule.RemittanceId ? Reduction(before, a.After) : 0;

    /// <summary>
    /// A reduction on the remittance: the amount before it less the amount after it, each rounded to the cent, so that
    /// a line's reductions add up to its fee schedule amount less its allowed amount (1,257.63 at 50 %: 628.82 allowed,
    /// 628.81 reduced, not 628.815 rounded twice).
    /// </summary>
    private static long Reduction(decimal before, decimal after) => Money.Cents(before) - Money.Cents(after);

    /// <summary>
    /// The charge a line's remittance starts from: the billed charge; without one, the allowed amount and what the rules
    /// took (the fee schedule amount before the claim's reductions), or the amount a deciding rule took away.
    /// </summary>
    internal static long RemittanceCharge(in LinePrice price, out long excess)
    {
        excess = 0;
        long billed = ClaimEngine.BilledCents(price.Line), taken = price.RuleRemittanceCents;
        if (price.Outcome != PriceOutcome.Priced)
        {
            return billed >= 0 ? billed : taken;
        }

        long allowed = price.AllowedCents;
        if (billed < 0)
        {
            return allowed + taken;
        }

        excess = billed - allowed - taken;
        return billed;
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price) => string.Empty;

    public override void WriteSteps(in LinePrice price, System.Collections.Immutable.ImmutableArray<PricingStep>.Builder steps)
    {
        if (price.Outcome != PriceOutcome.Priced)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        decimal allowed = price.AllowedAmount;
        if (price.ChargeApplied)
        {
            steps.Add(Step(string.Create(inv, $"the charge {allowed} is lower than the fee: Medicare allows the charge"), price.RoundedAmount, allowed));
        }

        long excess = RemittanceCents(price);
        if (excess != 0)
        {
            steps.Add(Step(string.Create(inv, $"the charge {price.Charge} exceeds the allowed amount: {Money.Dollars(excess)} is not paid and may not be billed to the beneficiary"), allowed, allowed, null, excess));
        }
    }

    public override long RemittanceCents(in LinePrice price)
    {
        _ = RemittanceCharge(price, out long excess);
        return excess;
    }
}
