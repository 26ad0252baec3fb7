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

    public override string Name => "charge";

    public override string Source => "Social Security Act section 1848(a)(1) (the lesser of the actual charge and the fee schedule amount); CARC 45";

    public override void Apply(ref ClaimDay day)
    {
        var work = day.Work;
        var states = work.States;
        int n = states.Length;
        Span<long> remaining = n <= 128 ? stackalloc long[n] : new long[n];
        for (int i = 0; i < n; i++)
        {
            ref var s = ref states[i];
            if (s.Outcome == PriceOutcome.Priced && s.ComparedCharge >= 0 && s.ComparedCharge < s.Allowed)
            {
                s.Allowed = s.ComparedCharge;
                s.ChargeApplied = true;
            }

            long billed = ClaimEngine.BilledCents(work.Lines.ItemRef(i));
            remaining[i] = billed >= 0 ? billed - s.Allowed : 0;
            s.RemittanceCharge = billed >= 0 ? billed : s.Outcome == PriceOutcome.Priced ? s.Allowed : 0;
        }

        // What each rule takes of the charge: its own reduction, as far as the charge above the allowed amount goes.
        var adjustments = work.Adjustments.Items.AsSpan(0, work.Adjustments.Count);
        foreach (ref var a in adjustments)
        {
            ref var s = ref states[a.Line];
            bool billed = work.Lines.ItemRef(a.Line).BilledCharge >= 0m;
            if (s.Outcome != PriceOutcome.Priced)
            {
                if (a.Decision)
                {
                    s.RemittanceCharge = billed ? s.RemittanceCharge : Money.Cents(a.Before);
                    a.RemittanceCents = s.RemittanceCharge;
                }

                continue;
            }

            if (a.Decision || a.Code.Reason is null || a.Code.Equals(RemittanceCodes.ChargeExceedsFeeSchedule) || a.After >= a.Before)
            {
                continue;
            }

            long reduced = Money.Cents(a.Before - a.After);
            if (billed)
            {
                reduced = Math.Clamp(reduced, 0, Math.Max(remaining[a.Line], 0));
                remaining[a.Line] -= reduced;
            }
            else
            {
                s.RemittanceCharge += reduced;
            }

            a.RemittanceCents = reduced;
        }

        for (int i = 0; i < n; i++)
        {
            ref var s = ref states[i];
            s.Excess = s.Outcome == PriceOutcome.Priced && ClaimEngine.BilledCents(work.Lines.ItemRef(i)) >= 0 ? remaining[i] : 0;
        }
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

    public override long RemittanceCents(in LinePrice price) => price.ExcessCents;
}
