using static MedPayIQ.Pricing.Tests.Rules.RuleKit;

namespace MedPayIQ.Pricing.Tests.Rules;

/// <summary><see cref="DiagnosticCardiovascularRule"/>: RVU readme, MULT PROC 6 (TC 25 % off the second and later).</summary>
public class DiagnosticCardiovascularRuleTests
{
    [Fact]
    public void The_lower_TC_is_paid_75_percent() => SecondTechnicalComponentKeeps("93306", "75600", 0.75m, PricingRule.DiagnosticCardiovascular);
}
