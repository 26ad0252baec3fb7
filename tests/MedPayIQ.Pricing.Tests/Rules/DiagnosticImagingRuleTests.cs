using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary>
/// <see cref="DiagnosticImagingRule"/>: RVU readme, MULT PROC 4 (TC 50 %, PC 5 % off the second and later);
/// Claims Processing Manual ch. 13 section 20.2.4. A reduced line is priced from its unrounded components, rounded once.
/// </summary>
public class DiagnosticImagingRuleTests
{
    [Fact]
    public void Published_payer_example_70450_after_74177_is_70_03()
    {
        // Published payer example (2025 RVUs, national non-facility): 74177 is paid in full, 70450 TC x 50% + PC x 95% = 70.03.
        foreach (var date in new[] { Jan2025, Nov2025 })
        {
            var claim = Price(Line("74177", date: date), Line("70450", date: date));
            Assert.Equal(Fee("74177", date: date), claim.Lines[0].AllowedAmount);
            Assert.Equal(70.03m, claim.Lines[1].AllowedAmount);
        }
    }

    [Fact]
    public void A_reduced_global_line_is_its_exact_TC_times_50_percent_plus_its_exact_PC_times_95_percent_rounded_once()
    {
        var claim = Price(Line("70450"), Line("74177"));
        Assert.Equal(Round((ExactFee("70450", "TC") * 0.5m) + (ExactFee("70450", "26") * 0.95m)), claim.Lines[0].AllowedAmount);
        var steps = StepsOf(claim.Lines[0], PricingRule.DiagnosticImaging);
        Assert.Equal([0.5m, 0.05m], steps.Select(s => s.Factor!.Value));
        Assert.All(steps, s => Assert.Equal("CO-59", s.Remittance?.ToString()));
    }

    [Fact]
    public void Components_billed_alone_are_ranked_separately()
    {
        var claim = Price(Line("70450", "TC"), Line("74177", "TC"), Line("70450", "26"), Line("74177", "26"));
        Assert.Equal(Round(ExactFee("70450", "TC") * 0.5m), claim.Lines[0].AllowedAmount);
        Assert.Equal(Fee("74177", "TC"), claim.Lines[1].AllowedAmount);
        Assert.Equal(Round(ExactFee("70450", "26") * 0.95m), claim.Lines[2].AllowedAmount);
        Assert.Equal(Fee("74177", "26"), claim.Lines[3].AllowedAmount);
    }
}
