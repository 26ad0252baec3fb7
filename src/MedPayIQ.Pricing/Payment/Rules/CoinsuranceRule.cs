using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>The beneficiary's coinsurance: 20 % of the allowed amount after the deductible, half a cent up (PR-2); Medicare pays the rest.</summary>
internal sealed class CoinsuranceRule : LineRule
{
    public static readonly CoinsuranceRule Instance = new();

    /// <summary>The beneficiary's share of the allowed amount after the deductible.</summary>
    internal const decimal Rate = 0.2m;

    public override PricingRule Rule => PricingRule.Coinsurance;

    public override string Name => "coinsurance";

    public override string Source => "42 CFR 410.152 (80% of the allowed amount after the deductible); CARC 2";

    public override RemittanceCode Remittance => RemittanceCodes.Coinsurance;

    protected override bool SeesOtherSchedules => true;

    protected override LineFilter Filter => LineFilter.Priced;

    protected override void Apply(ref LineView line)
    {
        long afterDeductible = line.Allowed - line.Deductible;
        if (line.Schedule != PaymentSchedule.PhysicianFeeSchedule)
        {
            // The schedule's own percentage, in thousandths of a percent (CLFS 0, DMEPOS 20, ASP as the file says), half a cent up.
            line.SetCoinsurance(checked((afterDeductible * PartBScheduleRule.CoinsuranceThousandths(line.Context, line.Line.Hcpcs, line.Schedule) * 2) + 100_000) / 200_000);
            return;
        }

        line.SetCoinsurance(((afterDeductible * 2) + 5) / 10); // 20%, half a cent up
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price) => string.Empty;

    public override void WriteSteps(in LinePrice price, System.Collections.Immutable.ImmutableArray<PricingStep>.Builder steps)
    {
        if (price.Outcome != PriceOutcome.Priced)
        {
            return;
        }

        decimal before = price.AllowedAmount - price.Deductible, coinsurance = price.Coinsurance;
        if (price.Schedule == PaymentSchedule.ClinicalLaboratory)
        {
            steps.Add(new PricingStep(Rule, Name, "no coinsurance for a clinical diagnostic laboratory test: Medicare pays 100%", before, PartBScheduleRule.LabSource) { Factor = 1m, AmountBefore = before });
            return;
        }

        if (price.Schedule != PaymentSchedule.PhysicianFeeSchedule)
        {
            decimal percent = price.CoinsuranceThousandths / 1000m;
            steps.Add(Step(string.Create(CultureInfo.InvariantCulture, $"{percent}% of {before}: {coinsurance} is the beneficiary's; Medicare pays {100m - percent}%"), before, before - coinsurance, 1m - (percent / 100m), RemittanceCents(price)));
            return;
        }

        steps.Add(Step(string.Create(CultureInfo.InvariantCulture, $"20% of {before}: {coinsurance} is the beneficiary's; Medicare pays 80%"), before, before - coinsurance, 1m - Rate, RemittanceCents(price)));
    }

    public override long RemittanceCents(in LinePrice price) => price.CoinsuranceCents;
}
