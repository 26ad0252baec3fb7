namespace MedPayIQ.Insights;

/// <summary>Assistant at surgery (80, 81, 82, AS): the ASST SURG indicator and what each is paid.</summary>
internal sealed class AssistantAtSurgerySource : SurgeryModifierSource
{
    public override InsightKind Kind => InsightKind.AssistantAtSurgery;

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        var global = rows[0];
        var indicator = global.AssistantAtSurgery;
        if (indicator == AssistantAtSurgeryIndicator.NotApplicable || (!Procedure(global) && indicator != AssistantAtSurgeryIndicator.Paid))
        {
            return;
        }

        string rule = indicator switch
        {
            AssistantAtSurgeryIndicator.DocumentationRequired => "paid with documentation of medical necessity (indicator 0)",
            AssistantAtSurgeryIndicator.NotPaid => "not paid (indicator 1)",
            _ => "paid (indicator 2)",
        };
        Modifiers(c, global, $"Assistant at surgery: {rule}", "ASST SURG", (int)indicator,
            ("80", "a physician assistant at surgery (80/81/82)", PaymentRates.AssistantAtSurgeryShare),
            ("AS", "a non-physician assistant (AS)", PaymentRates.NonPhysicianAssistantAtSurgeryShare));
    }
}
