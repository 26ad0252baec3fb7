using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>The claim rules in the order they run: the one list that is the order of the rules (docs/pricing.md's table follows it).</summary>
internal static class ClaimRules
{
    /// <summary>Every claim rule, in order.</summary>
    public static readonly ImmutableArray<ClaimRule> Ordered =
    [
        LineValidityRule.Instance,
        ModifierCombinationRule.Instance,
        PartBScheduleRule.Instance,
        ComponentRowRule.Instance,
        StatusRule.Instance,
        FeeScheduleAmountRule.Instance,
        OppsCapRule.Instance,
        AnesthesiaRule.Instance,
        AnesthesiaModifierRule.Instance,
        GlobalSurgeryShareRule.Instance,
        BilateralRule.Instance,
        UnitsRule.Instance,
        InjectionStatusRule.Instance,
        EndoscopyFamilyRule.Instance,
        MultipleProceduresRule.Instance,
        DiagnosticImagingRule.Instance,
        DiagnosticCardiovascularRule.Instance,
        DiagnosticOphthalmologyRule.Instance,
        TherapyRule.Instance,
        AssistantAtSurgeryRule.Instance,
        CoSurgeryRule.Instance,
        TeamSurgeryRule.Instance,
        IncreasedOrReducedServiceRule.Instance,
        ProviderShareRule.Instance,
        NonParticipatingRule.Instance,
        RoundingRule.Instance,
        LesserOfChargeRule.Instance,
        DeductibleRule.Instance,
        CoinsuranceRule.Instance,
        SequestrationRule.Instance,
        HpsaBonusRule.Instance,
    ];

    private static readonly ClaimRule?[] ById = Index();

    /// <summary>The rules, each with its needs and whether it looks at the whole claim, as the array the engine walks.</summary>
    internal static readonly RuleSlot[] Run = [.. Ordered.Select(r => new RuleSlot(r))];


    static ClaimRules()
    {
        for (int i = 0; i < Ordered.Length; i++)
        {
            Ordered[i].Order = i;
        }
    }

    /// <summary>A rule's place in the list, as a byte (adjustments keep it instead of the rule).</summary>
    /// <exception cref="InvalidOperationException">The rule is not in the list.</exception>
    public static byte IndexOf(ClaimRule rule)
    {
        int i = rule.Order;
        return (uint)i < (uint)Run.Length && ReferenceEquals(Run[i].Rule, rule) && i <= byte.MaxValue ? (byte)i
            : throw new InvalidOperationException($"{rule.GetType().Name} is not in the ordered list of claim rules.");
    }

    /// <summary>The claim rule of an id, or <c>null</c> for the steps that are not claim rules (release, locality).</summary>
    public static ClaimRule? Of(PricingRule rule) => (uint)rule < (uint)ById.Length ? ById[(int)rule] : null;

    private static ClaimRule?[] Index()
    {
        var byId = new ClaimRule?[Enum.GetValues<PricingRule>().Length + 2];
        foreach (var rule in Ordered)
        {
            byId[(int)rule.Rule] = rule;
        }

        return byId;
    }
}

/// <summary>A rule as the engine runs it: the rule, its needs as one mask, and whether it looks at the whole claim.</summary>
internal readonly struct RuleSlot
{
    public RuleSlot(ClaimRule rule)
    {
        Rule = rule;
        Needs = rule.Needs.Mask;
        WholeClaim = rule.Scope == RuleScope.Claim;
    }

    public readonly ClaimRule Rule;
    public readonly ulong Needs;
    public readonly bool WholeClaim;

    /// <summary>Whether the claim has what the rule needs (<see cref="RuleNeeds.Met"/>).</summary>
    public bool NeedsMetBy(in SeenOnClaim seen) => RuleNeeds.Met(Needs, seen);
}

/// <summary>The release and locality steps: what a date of service and a place decide before any rule.</summary>
internal static class ContextSteps
{
    public const string ReleaseName = "release";
    public const string LocalityName = "locality";
    public const string LocalitySource = "CMS ZIP5 carrier-locality file";

    /// <summary>The release step.</summary>
    public static PricingStep Release(FeeScheduleRelease release, ReleaseMatch match, DateOnly dateOfService = default)
        => new(PricingRule.Release, ReleaseName,
            match switch
            {
                ReleaseMatch.InForce => release.InForceReason,
                ReleaseMatch.EarlierReleaseMissing => FeeScheduleCatalog.EarlierMissingReason(release, FeeScheduleCatalog.QuarterRelease(dateOfService), dateOfService),
                _ => $"{release.Id} covers dates through {release.NominalEffectiveThrough:yyyy-MM-dd}; the later release of the year is not loaded",
            },
            0m, $"{release.Id}, PPRRVU sha256 {release.RvuFileSha256}");

    /// <summary>The warning of a date priced with a later release of its year (<see cref="ReleaseMatch.EarlierReleaseMissing"/>).</summary>
    public static string EarlierMissingWarning(FeeScheduleRelease used, DateOnly dateOfService)
        => $"{FeeScheduleCatalog.QuarterRelease(dateOfService)} should apply to {dateOfService:yyyy-MM-dd} but is not loaded; priced with {used.Id}, a later release of the year (Low confidence). Load {FeeScheduleCatalog.QuarterRelease(dateOfService)} for the amounts CMS pays.";

    /// <summary>The warning of a qualifying APM participant priced without the release's QPP RVU file.</summary>
    public static string QpComputedWarning(FeeScheduleRelease release, decimal conversionFactor)
        => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{release.Id}'s QPP RVU file (the qualifying APM participant schedule) is not loaded: priced with the non-qualifying RVUs and the qualifying conversion factor {conversionFactor} (the two files agree on every RVU; OPPS-capped amounts may differ).");

    /// <summary>The locality step of a ZIP code.</summary>
    public static PricingStep Locality(in ZipLocality zip)
        => new(PricingRule.Locality, LocalityName, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ZIP {zip.Zip:D5} ({zip.State}) is priced in {zip.Locality}"), 0m, LocalitySource);
}

/// <summary>What a payment rule is: its name, its CMS source and the remittance code of its adjustments.</summary>
public sealed record PaymentRuleInfo
{
    internal PaymentRuleInfo(PricingRule rule, string name, string source, System.Collections.Immutable.ImmutableArray<RemittanceCode> remittance)
    {
        Rule = rule;
        Name = name;
        Source = source;
        Remittance = remittance;
    }

    /// <summary>The rule.</summary>
    public PricingRule Rule { get; }

    /// <summary>Its name, as steps show it.</summary>
    public string Name { get; }

    /// <summary>The CMS source it follows.</summary>
    public string Source { get; }

    /// <summary>The remittance codes the rule can write on a line's adjustments, the usual one first; empty for rules that adjust no charge.</summary>
    public System.Collections.Immutable.ImmutableArray<RemittanceCode> Remittance { get; }
}

/// <summary>The payment rules of the claim pipeline, in the order they run, as documentation and insights read them.</summary>
public static class PaymentRules
{
    private static readonly ImmutableArray<PaymentRuleInfo> All = [.. ClaimRules.Ordered.Select(Info)];

    /// <summary>The claim rules in the order the calculator runs them.</summary>
    public static ImmutableArray<PaymentRuleInfo> Ordered => All;

    /// <summary>The name, source and remittance code of a rule (the release and locality steps are not claim rules: their sources are the files).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="PricingRule"/>.</exception>
    public static PaymentRuleInfo Describe(PricingRule rule) => rule switch
    {
        PricingRule.Release => new(rule, ContextSteps.ReleaseName, "the release in force on the date of service (RVU readme, update schedule)", []),
        PricingRule.Locality => new(rule, ContextSteps.LocalityName, ContextSteps.LocalitySource, []),
        _ => ClaimRules.Of(rule) is { } claimRule ? Info(claimRule) : throw new ArgumentOutOfRangeException(nameof(rule), rule, "Not a payment rule."),
    };

    private static PaymentRuleInfo Info(ClaimRule rule)
        => new(rule.Rule, rule.Name, rule.Source, rule.Writes);
}
