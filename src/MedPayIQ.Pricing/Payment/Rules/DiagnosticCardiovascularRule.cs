namespace MedPayIQ.Pricing;

/// <summary>Multiple diagnostic cardiovascular services (MULT PROC 6): TC 25 % off the second and later (from 2013-01-01).</summary>
internal sealed class DiagnosticCardiovascularRule : TechnicalComponentReduction
{
    public static readonly DiagnosticCardiovascularRule Instance = new();

    public override MultipleProcedureIndicator Indicator => MultipleProcedureIndicator.DiagnosticCardiovascular;

    public override decimal TechnicalRate => 0.25m;

    public override PricingRule Rule => PricingRule.DiagnosticCardiovascular;

    public override string Name => "diagnostic cardiovascular";

    public override string Source => "RVU readme, MULT PROC indicator 6: 25% of the TC of the second and later (from 2013-01-01)";
}
