using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// Endoscopy families (MULT PROC 3, by ENDO BASE code): the member with the highest value is paid in full, every other
/// unit its value less the base endoscopy's fee; a billed base endoscopy is included in its family. A member worth
/// less than its base is paid nothing, with a warning and Low confidence. The family then ranks as one procedure
/// (<see cref="MultipleProceduresRule"/>).
/// </summary>
internal sealed class EndoscopyFamilyRule : DayRule
{
    public static readonly EndoscopyFamilyRule Instance = new();

    public override PricingRule Rule => PricingRule.EndoscopyFamily;

    public override RuleNeeds Needs => new(AnyIndicator: RuleNeeds.Bit(MultipleProcedureIndicator.Endoscopy));

    public override string Name => "endoscopy family";

    public override string Source => "RVU readme, MULT PROC 3 and ENDO BASE; Claims Processing Manual (Pub. 100-04) ch. 12 section 40.6 (endoscopy family)";

    public override RemittanceCode Remittance => RemittanceCodes.MultipleProcedureRules;

    /// <summary>Whether a line is a member of an endoscopy family.</summary>
    internal static bool Member(in LineView line) => line.IsService && line.Mult == MultipleProcedureIndicator.Endoscopy;

    /// <summary>The family of a member: its base endoscopy's code (its own code when the row names none).</summary>
    internal static int FamilyOf(in LineView line) => line.Row.EndoscopicBaseCode.IsSome ? line.Row.EndoscopicBaseCode.Packed : line.Line.Hcpcs.Packed;

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.MultipleProcedureRules, RemittanceCodes.BundledComponent];

    public override void Apply(ref ClaimDay day)
    {
        if (day.Count(RuleNeeds.Bit(MultipleProcedureIndicator.Endoscopy)) == 0)
        {
            return;
        }

        // Stryker disable once Conditional,Equality : stack or heap scratch of the same contents; only where the memory lives differs
        Span<int> families = day.Lines.Length <= 64 ? stackalloc int[day.Lines.Length] : new int[day.Lines.Length];
        int count = 0;
        foreach (int i in day.Lines)
        {
            var line = day.Line(i);
            if (!Member(line))
            {
                continue;
            }

            int family = FamilyOf(line);
            if (!families[..count].Contains(family))
            {
                families[count++] = family;
            }
        }

        foreach (int family in families[..count])
        {
            Family(ref day, new HcpcsCode(family));
        }
    }

    private void Family(ref ClaimDay day, HcpcsCode baseCode)
    {
        int top = -1;
        decimal topValue = 0m;
        long topTie = 0;
        PricingSetting setting = default;
        foreach (int i in day.Lines)
        {
            var line = day.Line(i);
            if (Member(line) && FamilyOf(line) == baseCode.Packed)
            {
                decimal unit = line.Unit;
                long key = line.TieKey;
                if (top < 0 || unit > topValue || (unit == topValue && key < topTie))
                {
                    (top, topValue, topTie, setting) = (i, unit, key, line.Setting);
                }
            }
        }

        _ = PaymentCalculator.TryFee(day.Context, baseCode, Modifier.None, setting, out decimal baseFee);
        int members = 0;
        foreach (int i in day.Lines)
        {
            var line = day.Line(i);
            if (!Member(line) || FamilyOf(line) != baseCode.Packed)
            {
                continue;
            }

            members++;
            decimal unit = line.Unit;
            long reduced = i == top ? line.RankUnits - 1 : line.RankUnits;
            decimal after = line.Amount;
            if (reduced > 0)
            {
                after = (i == top ? unit : 0m) + (reduced * Math.Max(unit - baseFee, 0m));
                if (unit < baseFee)
                {
                    line.Warn(LineWarning.EndoscopyBelowBase);
                    line.Lower(PriceConfidence.Low, "endoscopy worth less than its base endoscopy: nothing is paid for it in its family");
                }
            }

            line.Adjust(this, after, 0m, baseFee, baseCode.Packed, i == top && reduced == 0 ? 0 : unit < baseFee ? 2 : 1);
        }

        // A billed base endoscopy is included in its family when a member is billed.
        foreach (int i in day.Lines)
        {
            var line = day.Line(i);
            if (members > 0 && line.IsService && line.Line.Hcpcs == baseCode && line.Mult != MultipleProcedureIndicator.Endoscopy && line.RowModifier == Modifier.None)
            {
                line.Decide(this, PriceOutcome.Bundled, RemittanceCodes.BundledComponent, null, baseCode.Packed, top + 1);
            }
        }
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price)
    {
        var inv = CultureInfo.InvariantCulture;
        if (adjustment.Decision)
        {
            return "base endoscopy billed with its family: not paid separately";
        }

        return string.Create(inv, $"family of base {new HcpcsCode(adjustment.Arg)}: ") + adjustment.Arg2 switch
        {
            0 => "the highest valued endoscopy, paid in full",
            1 => string.Create(inv, $"this endoscopy less the base endoscopy's fee {adjustment.Value}"),
            _ => string.Create(inv, $"this endoscopy is worth less than the base endoscopy's fee {adjustment.Value}: nothing is paid for it"),
        };
    }

    public override string Reason(in Adjustment adjustment, in LinePrice price)
        => $"{price.Described} is the base endoscopy of a family billed on the same day (line {adjustment.Arg2}): its value is included in the family's payment (RVU readme, ENDO BASE).";

    public override void AddWarnings(in LinePrice price, System.Collections.Immutable.ImmutableArray<string>.Builder warnings)
    {
        if ((price.Raised & LineWarning.EndoscopyBelowBase) != 0)
        {
            warnings.Add($"{price.Described} is worth less than its family's base endoscopy on this day: as a second endoscopy of the family it is paid its value less the base's, which is nothing. The contractor may price it otherwise.");
        }
    }
}
