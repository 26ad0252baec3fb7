namespace MedPayIQ.Pricing;

/// <summary>The anesthesia payment modifier's share: AA and QZ 100 %; QK, QY and QX 50 % (medical direction); AD as supervision.</summary>
internal sealed class AnesthesiaModifierRule : LineRule
{
    public static readonly AnesthesiaModifierRule Instance = new();

    /// <summary>The share of a medically directed service (QK, QY, QX).</summary>
    internal const decimal MedicalDirectionShare = 0.5m;

    public override PricingRule Rule => PricingRule.AnesthesiaModifier;

    public override RuleNeeds Needs => new(AnySeen: Seen.Anesthesia);

    public override string Name => "anesthesia modifier";

    public override string Source => "Claims Processing Manual (Pub. 100-04) ch. 12 section 50: AA, QZ 100%; QK, QY, QX 50% (medical direction); AD 3 base units";

    protected override LineFilter Filter => LineFilter.Priced | LineFilter.AnesthesiaOnly;

    protected override void Apply(ref LineView line)
    {
        if (!line.Anesthesia)
        {
            return;
        }

        var anesthesia = line.Effect & ModifierEffect.Anesthesia;
        decimal share = anesthesia is ModifierEffect.AnesthesiaDirected or ModifierEffect.AnesthesiaDirectedCrna ? MedicalDirectionShare : 1m;
        line.Adjust(this, line.Amount * share, share, 0m, (int)anesthesia);
        if (anesthesia == 0)
        {
            line.Lower(PriceConfidence.Medium, "no anesthesia payment modifier");
        }
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price) => (ModifierEffect)adjustment.Arg switch
    {
        ModifierEffect.AnesthesiaPersonal => "AA, personally performed: 100%",
        ModifierEffect.AnesthesiaCrnaAlone => "QZ, CRNA without medical direction: 100%",
        ModifierEffect.AnesthesiaDirected => "QK/QY, medical direction: 50%",
        ModifierEffect.AnesthesiaDirectedCrna => "QX, CRNA under medical direction: 50%",
        ModifierEffect.AnesthesiaSupervision => "AD, medical supervision of more than four cases: 3 base units, no time units",
        _ => "no anesthesia modifier: 100%",
    };

    public override void AddWarnings(in LinePrice price, System.Collections.Immutable.ImmutableArray<string>.Builder warnings)
    {
        if ((price.Effect & ModifierEffect.AnesthesiaSupervision) != 0)
        {
            warnings.Add("Modifier AD: one more unit is paid when the physician was present at induction; not included.");
        }

        if (price.IsAnesthesia && price.Outcome == PriceOutcome.Priced && (price.Effect & ModifierEffect.Anesthesia) == 0)
        {
            warnings.Add("No anesthesia payment modifier (AA, AD, QK, QX, QY, QZ): priced as personally performed; Medicare requires one.");
        }
    }
}
