namespace MedPayIQ.Pricing;

/// <summary>Status T (injections): paid only when no other payable fee schedule service is billed on the day; otherwise bundled.</summary>
internal sealed class InjectionStatusRule : DayRule
{
    public static readonly InjectionStatusRule Instance = new();

    public override PricingRule Rule => PricingRule.InjectionStatus;

    public override RuleNeeds Needs => new(AnySeen: Seen.InjectionStatus);

    public override string Name => "status T";

    public override string Source => "RVU readme, Attachment A, status T";

    public override RemittanceCode Remittance => RemittanceCodes.BundledSameDay;

    public override void Apply(ref ClaimDay day)
    {
        bool injection = false, other = false; // a status T service, and another fee schedule service, priced that day
        foreach (int i in day.Lines)
        {
            var line = day.Line(i);
            if (line.Outcome != PriceOutcome.Priced || line.Schedule != PaymentSchedule.PhysicianFeeSchedule)
            {
                continue; // a lab test, a supply or a drug is not a fee schedule service
            }

            if (!line.Anesthesia && line.Status == StatusCode.Injection)
            {
                injection = true;
            }
            else
            {
                other = true;
            }
        }

        if (!injection || !other)
        {
            return;
        }

        foreach (int i in day.Lines)
        {
            var line = day.Line(i);
            if (line.IsService && line.Status == StatusCode.Injection)
            {
                line.Decide(this, PriceOutcome.Bundled, Remittance);
            }
        }
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price) => "another fee schedule service that day: bundled";

    public override string Reason(in Adjustment adjustment, in LinePrice price)
        => $"{price.Described} has status T: another fee schedule service is billed on {price.Line.DateOfService:yyyy-MM-dd}, so it is bundled (RVU readme, status T).";

    public override void AddWarnings(in LinePrice price, System.Collections.Immutable.ImmutableArray<string>.Builder warnings)
    {
    }
}
