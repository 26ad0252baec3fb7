using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="DiagnosticOphthalmologyRule"/>: RVU readme, MULT PROC 7 (TC 20 % off the second and later).</summary>
public class DiagnosticOphthalmologyRuleTests
{
    [Fact]
    public void The_lower_TC_is_paid_80_percent()
    {
        var claim = Price(Line("92250", "TC"), Line("92134", "TC"));
        decimal first = Fee("92250", "TC"), second = Fee("92134", "TC");
        var (paidFull, reduced) = first >= second ? (claim.Lines[0], claim.Lines[1]) : (claim.Lines[1], claim.Lines[0]);
        Assert.Equal(Math.Max(first, second), paidFull.AllowedAmount);
        Assert.Equal(Round(ExactFee(reduced.Line.Hcpcs.ToString(), "TC") * 0.8m), reduced.AllowedAmount); // the exact TC, rounded once
        Assert.Equal(0.2m, StepsOf(reduced, PricingRule.DiagnosticOphthalmology).Single().Factor);
    }
}
