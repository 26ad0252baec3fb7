namespace MedPayIQ.Pricing;

/// <summary>One step of a price, in the order applied, with the CMS source it follows and its remittance meaning.</summary>
public sealed record PricingStep
{
    internal PricingStep(PricingRule rule, string name, string detail, decimal amount, string source)
    {
        Rule = rule;
        Name = name;
        Detail = detail;
        Amount = amount;
        Source = source;
    }

    /// <summary>The rule that wrote the step.</summary>
    public PricingRule Rule { get; }

    /// <summary>The rule's name, as people read it, such as "multiple procedures".</summary>
    public string Name { get; }

    /// <summary>What the step did, with its figures.</summary>
    public string Detail { get; }

    /// <summary>The amount after the step, dollars (exact until the rounding step).</summary>
    public decimal Amount { get; }

    /// <summary>The CMS source: manual chapter and section, readme, CFR section or file.</summary>
    public string Source { get; }

    /// <summary>The factor the step multiplied by, when it is one (such as 0.5 or 1.5); <c>null</c> for steps that add, subtract or look up.</summary>
    public decimal? Factor { get; internal init; }

    /// <summary>The amount before the step, dollars (exact: amounts are rounded once, at the step that says so).</summary>
    public decimal AmountBefore { get; internal init; }

    /// <summary>The remittance code of the part of the charge the step adjusts (CO-59, CO-97 M15, PR-2...), or <c>null</c> when it adjusts none.</summary>
    public RemittanceCode? Remittance { get; internal init; }

    /// <summary>The part of the line's charge the step adjusts on the remittance, dollars (0 when none).</summary>
    public decimal RemittanceAmount { get; internal init; }
}
