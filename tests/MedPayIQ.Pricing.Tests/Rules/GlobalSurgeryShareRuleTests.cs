using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary>
/// <see cref="GlobalSurgeryShareRule"/>: RVU readme PRE/INTRA/POST OP; Claims Processing Manual ch. 12 section 40.2;
/// Palmetto GBA, modifier 55: "reimbursed based on the proportionate percentage of care".
/// </summary>
public class GlobalSurgeryShareRuleTests
{
    // 27447 (090 days) RVU25D national facility 1,257.63; shares .10 / .69 / .21.
    private const decimal Global = 1257.63m;

    [Fact]
    public void Modifier_55_is_paid_in_proportion_to_the_post_operative_days_given()
    {
        var line = Price(PricingSetting.Facility, Line("27447", "55") with { PostoperativeDays = 45 }).Lines[0];
        Assert.Equal(Round(Global * 0.21m * 45 / 90), line.AllowedAmount);
        var step = StepsOf(line, PricingRule.GlobalSurgeryShare).Single();
        Assert.Contains("45 of 90 post-operative days", step.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(line.Warnings, w => w.StartsWith("Modifier 55", StringComparison.Ordinal));
    }

    [Fact]
    public void Modifier_55_days_come_from_the_dates_care_was_assumed_and_relinquished_both_counted()
    {
        var line = Price(PricingSetting.Facility, Line("27447", "55") with { PostoperativeCareAssumed = new DateOnly(2025, 11, 10), PostoperativeCareRelinquished = new DateOnly(2025, 12, 9) }).Lines[0];
        Assert.Equal(Round(Global * 0.21m * 30 / 90), line.AllowedAmount);
        var capped = Price(PricingSetting.Facility, Line("27447", "55") with { PostoperativeDays = 400 }).Lines[0];
        Assert.Equal(264.10m, capped.AllowedAmount); // never more than the whole post-operative share
    }

    [Fact]
    public void Modifier_55_without_days_pays_the_full_share_with_a_warning_and_impossible_dates_are_invalid()
    {
        var line = Price(PricingSetting.Facility, Line("27447", "55")).Lines[0];
        Assert.Equal(264.10m, line.AllowedAmount);
        Assert.Contains(line.Warnings, w => w.StartsWith("Modifier 55", StringComparison.Ordinal));
        var backwards = Price(PricingSetting.Facility, Line("27447", "55") with { PostoperativeCareAssumed = new DateOnly(2025, 12, 9), PostoperativeCareRelinquished = new DateOnly(2025, 11, 10) }).Lines[0];
        Assert.Equal(PriceOutcome.InvalidLine, backwards.Outcome);
        Assert.Contains("before it was assumed", backwards.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Modifiers_54_and_56_pay_their_shares_and_split_care_on_a_code_without_a_global_period_is_invalid()
    {
        Assert.Equal(993.53m, Price(PricingSetting.Facility, Line("27447", "54")).AllowedAmount);
        Assert.Equal(125.76m, Price(PricingSetting.Facility, Line("27447", "56")).AllowedAmount);
        Assert.Equal(PriceOutcome.InvalidModifier, Price(Line("99213", "54")).Lines[0].Outcome);
    }
}
