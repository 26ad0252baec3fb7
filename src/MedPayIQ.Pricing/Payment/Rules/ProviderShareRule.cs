using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>The provider's share of the fee schedule amount (<see cref="ProviderPaymentShare"/>: NP, CNS, PA 85 %; CSW 75 %...); AS already carries the non-physician share.</summary>
internal sealed class ProviderShareRule : LineRule
{
    public static readonly ProviderShareRule Instance = new();

    public override PricingRule Rule => PricingRule.ProviderShare;

    public override RuleNeeds Needs => new(AnySeen: Seen.NonPhysician);

    public override string Name => "provider";

    public override string Source => "42 CFR 414.52, 414.54(b), 414.56(c) (the provider kind's share)";

    protected override LineFilter Filter => LineFilter.Priced;

    protected override bool AppliesTo(Claim claim, in SeenOnClaim seen) => claim.Provider != ProviderKind.Physician;

    protected override void Apply(ref LineView line)
    {
        var provider = line.Claim.Provider;
        if (provider == ProviderKind.Physician || (line.Effect & ModifierEffect.AssistantNpp) != 0)
        {
            return;
        }

        var share = ProviderPaymentShare.For(provider, line.Line.DateOfService);
        if (share.Share != 1m)
        {
            line.Adjust(this, line.Amount * share.Share, share.Share, 0m, (int)provider);
        }

        if (!share.Confirmed)
        {
            line.Lower(PriceConfidence.Medium, "provider share not confirmed in a primary CMS text");
        }
    }

    public override string Detail(in Adjustment adjustment, in LinePrice price)
        => string.Create(CultureInfo.InvariantCulture, $"{(ProviderKind)adjustment.Arg}: {adjustment.Factor:0.##%}");

    public override string SourceOf(in Adjustment adjustment, in LinePrice price)
        => ProviderPaymentShare.For((ProviderKind)adjustment.Arg, price.Line.DateOfService).Source;

    public override void AddWarnings(in LinePrice price, System.Collections.Immutable.ImmutableArray<string>.Builder warnings)
    {
        var share = ProviderPaymentShare.For(price.Claim.Provider, price.Line.DateOfService);
        if (!share.Confirmed && price.Outcome == PriceOutcome.Priced)
        {
            warnings.Add($"The {share.Share:P0} share for {price.Claim.Provider} is not confirmed in a primary CMS text here ({share.Source}).");
        }
    }
}
