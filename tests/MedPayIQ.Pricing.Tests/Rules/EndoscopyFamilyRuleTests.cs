using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="EndoscopyFamilyRule"/>: RVU readme, MULT PROC 3 and ENDO BASE; Claims Processing Manual ch. 12 section 40.6.</summary>
public class EndoscopyFamilyRuleTests
{
    [Fact]
    public void The_highest_member_is_paid_in_full_the_other_less_the_base_and_the_reduction_is_CO_59()
    {
        // 31629 (177.58) + 31624 (127.45), base 31622 (126.15), facility: 177.58 + 1.30 = 178.88.
        var claim = Price(PricingSetting.Facility, Line("31624", charge: 300m), Line("31629", charge: 300m));
        Assert.Equal(1.30m, claim.Lines[0].AllowedAmount);
        Assert.Equal(177.58m, claim.Lines[1].AllowedAmount);
        Assert.Equal(126.15m, Remitted(claim.Lines[0], "CO-59"));
        Balances(claim.Lines[0]);
    }

    [Fact]
    public void A_member_worth_less_than_its_base_says_so_with_a_warning_at_low_confidence()
    {
        // 2025 non-facility: 52260 is worth less than its base, 52000; beside a member worth more it is paid nothing.
        Assert.True(Fee("52260") < Fee("52000"));
        var row = TestData.Rvu25D.Rvus.GetRows(HcpcsCode.Parse("52260"))[0];
        Assert.Equal("52000", row.EndoscopicBaseCode.ToString());
        var member = TestData.Rvu25D.Rvus.Rows.First(r => r.EndoscopicBaseCode == row.EndoscopicBaseCode && r.Modifier == Modifier.None
            && r.MultipleProcedure == MultipleProcedureIndicator.Endoscopy && r.Status == StatusCode.Active && Fee(r.Hcpcs.ToString()) > Fee("52000"));
        var claim = Price(Line(member.Hcpcs.ToString()), Line("52260"));
        var low = claim.Lines[1];
        Assert.Equal(0m, low.AllowedAmount);
        Assert.Equal(PriceOutcome.Priced, low.Outcome);
        Assert.Equal(PriceConfidence.Low, low.Confidence);
        Assert.Contains(low.Warnings, w => w.Contains("worth less than its family's base endoscopy", StringComparison.Ordinal));
        Assert.Contains("worth less than the base endoscopy's fee", StepsOf(low, PricingRule.EndoscopyFamily).Single().Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_billed_base_is_included_in_its_family_CO_97_M15()
    {
        var claim = Price(PricingSetting.Facility, Line("31622", charge: 200m), Line("31624"), Line("31629"));
        Assert.Equal(PriceOutcome.Bundled, claim.Lines[0].Outcome);
        Assert.Equal("CO-97 M15", claim.Lines[0].Adjustments.Single().Code.ToString());
        Assert.Equal(178.88m, claim.AllowedAmount);
    }
}
