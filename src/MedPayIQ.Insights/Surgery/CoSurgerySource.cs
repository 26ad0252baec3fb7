namespace MedPayIQ.Insights;

/// <summary>Co-surgeons (62): the CO-SURG indicator and what each co-surgeon is paid.</summary>
internal sealed class CoSurgerySource : SurgeryModifierSource
{
    public override InsightKind Kind => InsightKind.CoSurgery;

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        var global = rows[0];
        var indicator = global.CoSurgeons;
        if (indicator == CoSurgeonIndicator.NotApplicable || (!Procedure(global) && indicator == CoSurgeonIndicator.NotPermitted))
        {
            return;
        }

        string rule = indicator switch
        {
            CoSurgeonIndicator.NotPermitted => "not permitted (indicator 0)",
            CoSurgeonIndicator.DocumentationRequired => "paid with documentation (indicator 1)",
            _ => "permitted (indicator 2)",
        };
        Modifiers(c, global, $"Co-surgeons: {rule}", "CO-SURG", (int)indicator, ("62", "each co-surgeon (62)", PaymentRates.CoSurgeonShare));
    }
}
