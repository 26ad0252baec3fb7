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

    private static readonly byte FeeScheduleId = RemittanceCodes.IdOf(RemittanceCodes.ChargeExceedsFeeSchedule);

    public override PricingRule Rule => PricingRule.LesserOfCharge;

    public override string Name => "charge";

    public override string Source => "Social Security Act section 1848(a)(1) (the lesser of the actual charge and the fee schedule amount); CARC 45";

    public override void Apply(ref ClaimDay day)
    {
        var work = day.Work;
        var states = work.States;
        int n = states.Length;
        Span<long> remaining = n <= 64 ? stackalloc long[n] : new long[n];
        Span<decimal> running = n <= 64 ? stackalloc decimal[n] : new decimal[n];
        for (int i = 0; i < n; i++)
        {
            ref var s = ref states[i];
            if (s.Outcome == PriceOutcome.Priced && s.ComparedCharge >= 0 && s.ComparedCharge < s.Allowed)
            {
                s.Allowed = s.ComparedCharge;
                s.ChargeApplied = true;
            }

            long billed = ClaimEngine.BilledCents(work.ClaimLines.ItemRef(i));
            remaining[i] = billed >= 0 ? billed - s.Allowed : 0;
            running[i] = s.HasFee ? s.Fee : 0m;
        }

        // What each rule takes of the charge: its own reduction, as far as the charge above the allowed amount goes.
        var adjustments = work.Written.Items.AsSpan(0, work.Written.Count);
        foreach (ref var a in adjustments)
        {
            decimal before = running[a.Line];
            running[a.Line] = a.After;
            ref readonly var s = ref states[a.Line];
            long billed = ClaimEngine.BilledCents(work.ClaimLines.ItemRef(a.Line));
            if (s.Outcome != PriceOutcome.Priced)
            {
                if (a.Decision)
                {
                    a.RemittanceCents = billed >= 0 ? billed : Money.Cents(before);
                }

                continue;
            }

            if (a.Decision || a.CodeId == 0 || a.CodeId == FeeScheduleId || a.After >= before)
            {
                continue;
            }

            long reduced = Money.Cents(before - a.After);
            if (billed >= 0)
            {
                reduced = Math.Clamp(reduced, 0, Math.Max(remaining[a.Line], 0));
                remaining[a.Line] -= reduced;
            }

            a.RemittanceCents = reduced;
        }
    }

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
