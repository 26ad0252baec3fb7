namespace MedPayIQ.Pricing;

/// <summary>Multiple diagnostic ophthalmology services (MULT PROC 7): TC 20 % off the second and later (from 2013-01-01).</summary>
internal sealed class DiagnosticOphthalmologyRule : TechnicalComponentReduction
{
    public static readonly DiagnosticOphthalmologyRule Instance = new();

    public override MultipleProcedureIndicator Indicator => MultipleProcedureIndicator.DiagnosticOphthalmology;

    public override decimal TechnicalRate => 0.2m;

    public override PricingRule Rule => PricingRule.DiagnosticOphthalmology;

    public override string Name => "diagnostic ophthalmology";

    public override string Source => "RVU readme, MULT PROC indicator 7: 20% of the TC of the second and later (from 2013-01-01)";
}
