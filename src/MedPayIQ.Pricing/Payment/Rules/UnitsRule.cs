using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>The fee schedule amount is per unit of service: a line of several units is paid the amount times its units (a bilateral line is one procedure).</summary>
internal sealed class UnitsRule : LineRule
{
    public static readonly UnitsRule Instance = new();

    public override PricingRule Rule => PricingRule.Units;

    public override RuleNeeds Needs => new(AnySeen: Seen.SeveralUnits);

    public override string Name => "units";

    public override string Source => "RVU readme: the fee schedule amount is per unit of service (837P SV104, CMS-1500 item 24G)";

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [];

    protected override bool SeesOtherSchedules => true;

    protected override LineFilter Filter => LineFilter.Priced | LineFilter.NotAnesthesia | LineFilter.SeveralUnits;

    protected override void Apply(ref LineView line)
    {
        int units = line.Line.Units;
        if (units > 1 && !line.Bilateral)
        {
            line.Adjust(this, checked(line.Amount * units), units, line.Amount, units);
        }
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price)
        => string.Create(CultureInfo.InvariantCulture, $"{adjustment.Arg} units x {adjustment.Value}");
}
