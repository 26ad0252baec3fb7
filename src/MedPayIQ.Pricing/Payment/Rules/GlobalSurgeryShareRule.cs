using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// Split global surgery: 54 pays the pre- and intra-operative shares, 56 the pre-operative share, 55 the post-operative
/// share in proportion to the days of post-operative care given (days / global days, from the days or the dates care
/// was assumed and relinquished; without them the full share, with a warning); 78 pays the intra-operative share.
/// The shares are the RVU file's PRE OP, INTRA OP and POST OP columns, for 010 and 090 day global surgery only.
/// </summary>
internal sealed class GlobalSurgeryShareRule : LineRule
{
    public static readonly GlobalSurgeryShareRule Instance = new();

    public override PricingRule Rule => PricingRule.GlobalSurgeryShare;

    public override RuleNeeds Needs => new(AnyEffect: ModifierEffect.GlobalShare);

    public override string Name => "global surgery share";

    public override string Source => "RVU readme, PRE OP / INTRA OP / POST OP columns; Claims Processing Manual (Pub. 100-04) ch. 12 sections 40.2 and 40.4 (split global care: post-operative care paid in proportion to the days furnished)";

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.ChargeExceedsFeeSchedule, RemittanceCodes.ModifierInconsistent, RemittanceCodes.InvalidUnits];

    protected override ModifierEffect Trigger => ModifierEffect.GlobalShare;

    protected override void Apply(ref LineView line)
    {
        ref readonly var row = ref line.Row;
        ref readonly var l = ref line.Line;
        var share = line.Effect & ModifierEffect.GlobalShare;
        decimal factor = share switch
        {
            ModifierEffect.SurgicalCareOnly54 => row.PreOperativeShare + row.IntraOperativeShare,
            ModifierEffect.PostoperativeOnly55 => row.PostOperativeShare,
            ModifierEffect.PreoperativeOnly56 => row.PreOperativeShare,
            _ => row.IntraOperativeShare,
        };
        bool split = share != ModifierEffect.ReturnToOr78;
        if ((split && row.GlobalPeriod is not (GlobalPeriod.Days10 or GlobalPeriod.Days90)) || factor == 0m)
        {
            line.Decide(this, PriceOutcome.InvalidModifier, RemittanceCodes.ModifierInconsistent,
                $"{l.Hcpcs} has global period {row.GlobalPeriod} and no pre-, intra- and post-operative shares: modifiers 54, 55, 56 and 78 apply to 010 and 090 day global surgery (RVU readme, GLOB DAYS).");
            return;
        }

        int days = 0, globalDays = row.GlobalPeriod == GlobalPeriod.Days10 ? 10 : 90;
        if (share == ModifierEffect.PostoperativeOnly55)
        {
            switch (PostoperativeDays(l, out string? invalid))
            {
                case null when invalid is not null:
                    line.Decide(this, PriceOutcome.InvalidLine, RemittanceCodes.InvalidUnits, $"{l.Hcpcs}-55: {invalid}.");
                    return;
                case null:
                    line.Warn(LineWarning.PostoperativeDaysNotGiven);
                    break;
                case int given:
                    days = Math.Min(given, globalDays);
                    factor = factor * days / globalDays;
                    break;
            }
        }

        line.Adjust(this, line.Amount * factor, factor, 0m, (int)share, days == 0 ? 0 : (days << 8) | globalDays);
        if (!split)
        {
            line.Lower(PriceConfidence.Medium, "modifier 78: intra-operative share (not confirmed in a primary text here)");
        }
    }

    /// <summary>The days of post-operative care given: the line's days, or the days from the date care was assumed to the date it was relinquished, both counted.</summary>
    internal static int? PostoperativeDays(in ClaimLine line, out string? invalid)
    {
        invalid = null;
        if (line.PostoperativeDays is { } days)
        {
            if (days < 1)
            {
                invalid = $"post-operative days must be at least 1 (the line has {days})";
                return null;
            }

            return days;
        }

        if (line.PostoperativeCareAssumed is { } assumed && line.PostoperativeCareRelinquished is { } relinquished)
        {
            if (relinquished < assumed)
            {
                invalid = $"post-operative care was relinquished ({relinquished:yyyy-MM-dd}) before it was assumed ({assumed:yyyy-MM-dd})";
                return null;
            }

            return relinquished.DayNumber - assumed.DayNumber + 1;
        }

        return null;
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price)
    {
        if (adjustment.Decision)
        {
            return price.DecisionText!;
        }

        var effect = (ModifierEffect)adjustment.Arg;
        string modifier = effect switch
        {
            ModifierEffect.SurgicalCareOnly54 => "54",
            ModifierEffect.PostoperativeOnly55 => "55",
            ModifierEffect.PreoperativeOnly56 => "56",
            _ => "78",
        };
        string parts = effect switch
        {
            ModifierEffect.SurgicalCareOnly54 => "pre-operative + intra-operative",
            ModifierEffect.PostoperativeOnly55 => "post-operative",
            ModifierEffect.PreoperativeOnly56 => "pre-operative",
            _ => "intra-operative",
        };
        string days = adjustment.Arg2 == 0 ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $", {adjustment.Arg2 >> 8} of {adjustment.Arg2 & 0xFF} post-operative days");
        return string.Create(CultureInfo.InvariantCulture, $"modifier {modifier}: {adjustment.Factor:0.######} of the global package ({parts}{days})");
    }

    public override string SourceOf(in Adjustment adjustment, in LinePrice price)
        => adjustment.Arg == (int)ModifierEffect.ReturnToOr78
            ? "Claims Processing Manual (Pub. 100-04) ch. 12 section 40.4: a return to the operating room for a complication pays the intra-operative share (not confirmed in a primary text here)"
            : Source;

    public override decimal? FactorOf(in Adjustment adjustment) => adjustment.Decision ? null : adjustment.Factor;

    public override void AddWarnings(in LinePrice price, System.Collections.Immutable.ImmutableArray<string>.Builder warnings)
    {
        if ((price.Raised & LineWarning.PostoperativeDaysNotGiven) != 0)
        {
            warnings.Add("Modifier 55: the post-operative share is paid in proportion to the post-operative days furnished; give the days (or the dates care was assumed and relinquished): the full share is shown.");
        }
    }
}
