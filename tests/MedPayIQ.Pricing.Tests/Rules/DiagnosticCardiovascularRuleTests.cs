using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="DiagnosticCardiovascularRule"/>: RVU readme, MULT PROC 6 (TC 25 % off the second and later).</summary>
public class DiagnosticCardiovascularRuleTests
{
    [Fact]
    public void The_lower_TC_is_paid_75_percent()
    {
        var claim = Price(Line("93306", "TC"), Line("75600", "TC"));
        decimal first = Fee("93306", "TC"), second = Fee("75600", "TC");
        var (paidFull, reduced) = first >= second ? (claim.Lines[0], claim.Lines[1]) : (claim.Lines[1], claim.Lines[0]);
        Assert.Equal(Math.Max(first, second), paidFull.AllowedAmount);
        Assert.Equal(Round(ExactFee(reduced.Line.Hcpcs.ToString(), "TC") * 0.75m), reduced.AllowedAmount); // the exact TC, rounded once
        Assert.Equal(0.25m, StepsOf(reduced, PricingRule.DiagnosticCardiovascular).Single().Factor);
    }
}
