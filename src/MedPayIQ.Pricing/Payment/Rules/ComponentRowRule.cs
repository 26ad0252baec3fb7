namespace MedPayIQ.Pricing;

/// <summary>
/// The RVU row of the line: the row of its 26, TC or 53 modifier, never derived. 26 or TC on a code whose PC/TC
/// indicator has no such row is an invalid modifier; 53 without a row of its own is priced by the contractor.
/// </summary>
internal sealed class ComponentRowRule : LineRule
{
    public static readonly ComponentRowRule Instance = new();

    public override PricingRule Rule => PricingRule.ComponentRow;

    public override string Name => "RVU row";

    public override string Source => "RVU readme: MOD column (26, TC, 53 rows) and PC/TC indicator (Attachment A)";

    public override RemittanceCode Remittance => RemittanceCodes.ModifierInconsistent;

    /// <summary>Sees every line: an invalid line still shows its row's status.</summary>
    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.ModifierInconsistent, RemittanceCodes.InvalidOnDate, RemittanceCodes.PendingReview];

    protected override LineFilter Filter => LineFilter.All;

    protected override void Apply(ref LineView line)
    {
        bool open = line.Outcome == PriceOutcome.Priced;
        if (line.Context.Release is not { } release)
        {
            if (open)
            {
                line.Decide(this, PriceOutcome.NoRelease, RemittanceCodes.PendingReview);
            }

            return;
        }

        var code = line.Line.Hcpcs;
        int i = release.Rvus.IndexOf(code, line.RowModifier);
        if (i >= 0)
        {
            line.UseRow(release.Rvus.EntryArray, i);
            return;
        }

        if (!open)
        {
            return;
        }

        var (outcome, remittance) = Missing(release, code, line.RowModifier);
        line.Decide(this, outcome, remittance);
    }

    /// <summary>The outcome of a code and modifier the release has no row for.</summary>
    internal static (PriceOutcome Outcome, RemittanceCode Code) Missing(FeeScheduleRelease release, HcpcsCode code, Modifier modifier)
    {
        if (!release.Rvus.Contains(code))
        {
            return (PriceOutcome.UnknownCode, RemittanceCodes.InvalidOnDate);
        }

        return modifier == Modifier.ProfessionalComponent || modifier == Modifier.TechnicalComponent ? (PriceOutcome.InvalidModifier, RemittanceCodes.ModifierInconsistent)
            : modifier == Modifier.Discontinued ? (PriceOutcome.CarrierPriced, RemittanceCodes.PendingReview)
            : (PriceOutcome.UnknownCode, RemittanceCodes.InvalidOnDate);
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price) => price.Reason;

    /// <summary>The rule's sentence for a line it found invalid (26 or TC without such a row), from the line's own facts: no service price built to say it.</summary>
    public override string Reason(in Adjustment adjustment, in LinePrice price)
        => price.Outcome == PriceOutcome.InvalidModifier && price.DecisionText is null && price.Release is { } release
            ? InvalidModifierSentence(release, price.Line.Hcpcs, price.RowModifier)
            : base.Reason(adjustment, price);

    /// <summary>
    /// Why 26 or TC cannot be billed with a code: its PC/TC indicator (of its global row, else its first row). The
    /// sentence's words after the code are kept per indicator and modifier, so a batch of such lines writes one string
    /// each, not a formatted sentence.
    /// </summary>
    internal static string InvalidModifierSentence(FeeScheduleRelease release, HcpcsCode code, Modifier modifier)
    {
        var rvus = release.Rvus;
        var pcTc = (rvus.TryGet(code, Modifier.None, out var row) ? row : rvus.GetRows(code)[0]).PcTc;
        int m = modifier == Modifier.ProfessionalComponent ? 0 : modifier == Modifier.TechnicalComponent ? 1 : -1;
        if ((uint)pcTc >= (uint)(ComponentSentences.Length / 2) || m < 0)
        {
            return code + ComponentSentence(pcTc, modifier);
        }

        Span<char> chars = stackalloc char[8];
        code.TryFormat(chars, out int n);
        return string.Concat(chars[..n], ComponentSentences[((int)pcTc * 2) + m]);
    }

    private static string ComponentSentence(PcTcIndicator pcTc, Modifier modifier)
        => $" has PC/TC indicator {(int)pcTc} ({pcTc}): modifier {modifier} cannot be used with it (RVU readme, Attachment A).";

    /// <summary>The words of <see cref="InvalidModifierSentence"/> after the code, for each indicator with 26, then with TC.</summary>
    private static readonly string[] ComponentSentences =
        [.. Enumerable.Range(0, 10).SelectMany(i => new[] { ComponentSentence((PcTcIndicator)i, Modifier.ProfessionalComponent), ComponentSentence((PcTcIndicator)i, Modifier.TechnicalComponent) })];
}
