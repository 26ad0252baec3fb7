using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="DiagnosticOphthalmologyRule"/>: RVU readme, MULT PROC 7 (TC 20 % off the second and later).</summary>
public class DiagnosticOphthalmologyRuleTests
{
    [Fact]
    public void The_lower_TC_is_paid_80_percent() => SecondTechnicalComponentKeeps("92250", "92134", 0.8m, PricingRule.DiagnosticOphthalmology);
}
