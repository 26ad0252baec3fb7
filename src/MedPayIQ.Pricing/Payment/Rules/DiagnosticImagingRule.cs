namespace MedPayIQ.Pricing;

/// <summary>Multiple diagnostic imaging (MULT PROC 4): TC 50 % off the second and later (from 2010-07-01), PC 5 % off (from 2017-01-01).</summary>
internal sealed class DiagnosticImagingRule : TechnicalComponentReduction
{
    public static readonly DiagnosticImagingRule Instance = new();

    public override MultipleProcedureIndicator Indicator => MultipleProcedureIndicator.DiagnosticImaging;

    public override decimal TechnicalRate => 0.5m;

    public override decimal ProfessionalRate => 0.05m;

    public override PricingRule Rule => PricingRule.DiagnosticImaging;

    public override string Name => "diagnostic imaging";

    public override string Source => "RVU readme, MULT PROC indicator 4: 50% of the TC of the second and later imaging services (from 2010-07-01), 5% of the PC (from 2017-01-01); Claims Processing Manual (Pub. 100-04) ch. 13 section 20.2.4";
}
