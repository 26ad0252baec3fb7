using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// Routes a line the physician fee schedule does not pay (no RVU row, or status X, E, I or N) to the Part B schedule
/// that does: a clinical laboratory test to the CLFS (the rate; L-indicator tests are priced by the contractor), a
/// DMEPOS item to the DMEPOS fee schedule (by the beneficiary's state and whether the ZIP code is rural), a drug to
/// its ASP payment limit per billing unit. The physician fee schedule's own rules then leave the line alone; units,
/// rounding, the lesser of the charge, cost sharing and sequestration still apply.
/// </summary>
internal sealed class PartBScheduleRule : LineRule
{
    public static readonly PartBScheduleRule Instance = new();

    internal const string LabSource = "42 CFR 414.507 (CLFS payment, the lesser of the charge and the rate); Claims Processing Manual (Pub. 100-04) ch. 16 section 30 (no deductible or coinsurance for clinical diagnostic laboratory tests); CLFS file";
    internal const string DmeSource = "42 CFR 414.210 (80 % of the lesser of the charge and the fee schedule amount) and 414.210(g) (rural and former competitive bidding area amounts); Claims Processing Manual (Pub. 100-04) ch. 20; DMEPOS fee schedule and rural ZIP code files";
    internal const string DrugSource = "42 CFR 414.904 (106 % of ASP per billing unit); Claims Processing Manual (Pub. 100-04) ch. 17 section 20.1.3 (quarterly ASP payment limit file)";

    public override PricingRule Rule => PricingRule.PartBSchedule;

    public override string Name => "Part B schedule";

    public override string Source => "Social Security Act 1833 and 1834: clinical laboratory tests (CLFS), DMEPOS and Part B drugs (ASP) are paid on their own schedules, not the physician fee schedule";

    public override RemittanceCode Remittance => RemittanceCodes.PendingReview;

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.PendingReview, RemittanceCodes.ModifierInconsistent, RemittanceCodes.BillingError];

    protected override LineFilter Filter => LineFilter.Priced;

    protected override void Apply(ref LineView line)
    {
        ref readonly var context = ref line.Context;
        if (context.Lab is null && context.Dme is null && context.Pen is null && context.Drugs is null)
        {
            return; // no other schedule loaded for the date
        }

        ref readonly var l = ref line.Line;
        if (!OnAnotherSchedule(context, l.Hcpcs) || PaidByPhysicianFeeSchedule(context, l.Hcpcs, line.RowModifier))
        {
            return; // most lines: a code no other schedule lists, decided by a hash lookup, not the RVU table's search
        }

        if (context.Lab is { } lab && lab.TryGet(l.Hcpcs, l.Modifiers, l.DateOfService, out var rate))
        {
            if (rate.Indicator == ClinicalLabIndicator.ContractorPriced)
            {
                line.RouteTo(PaymentSchedule.ClinicalLaboratory);
                line.Decide(this, PriceOutcome.CarrierPriced, RemittanceCodes.PendingReview,
                    $"{Described(l)} is on {lab.Name} with indicator L: the Medicare contractor prices it locally; the CLFS gives no national rate.");
                return;
            }

            line.PriceFromSchedule(PaymentSchedule.ClinicalLaboratory, rate.Rate);
            Assess(ref line, lab, context.LabMatch);
            return;
        }

        if (DmeFor(context, l.Hcpcs, l.Modifiers, out var dmeMatch) is { } dme)
        {
            PriceDme(ref line, dme, dmeMatch, context);
            return;
        }

        if (context.Drugs is { } drugs && drugs.TryGet(l.Hcpcs, out var limit))
        {
            if (limit.PaymentLimit is not { } perUnit)
            {
                line.RouteTo(PaymentSchedule.PartBDrugs);
                line.Decide(this, PriceOutcome.CarrierPriced, RemittanceCodes.PendingReview, $"{Described(l)} has no payment limit in {drugs.Name} (N/A): the Medicare contractor prices it.");
                return;
            }

            line.PriceFromSchedule(PaymentSchedule.PartBDrugs, perUnit);
            Assess(ref line, drugs, context.DrugMatch);
        }
    }

    /// <summary>
    /// The schedule that prices a DMEPOS code: the quarter's DMEPOS file, unless it has no row for the line's modifiers
    /// and the quarter's PEN schedule lists the code (or only the PEN schedule lists it); <c>null</c> when neither does.
    /// </summary>
    internal static DmeposFeeSchedule? DmeFor(in PricingContext context, HcpcsCode code, ModifierSet modifiers, out ReleaseMatch match)
    {
        var (dme, pen) = (context.Dme, context.Pen);
        if (dme is not null && dme.Contains(code) && (pen is null || !pen.Contains(code) || dme.FindRow(code, modifiers) >= 0))
        {
            match = context.DmeMatch;
            return dme;
        }

        if (pen is not null && pen.Contains(code))
        {
            match = context.PenMatch;
            return pen;
        }

        match = ReleaseMatch.None;
        return null;
    }

    private void PriceDme(ref LineView line, DmeposFeeSchedule dme, ReleaseMatch match, in PricingContext context)
    {
        ref readonly var l = ref line.Line;
        var where = Locate(context, line.Claim);
        if (where.State is null)
        {
            line.RouteTo(PaymentSchedule.Dmepos);
            line.Decide(this, PriceOutcome.UnknownLocation, RemittanceCodes.BillingError, $"{Described(l)} is a DMEPOS item, priced by the beneficiary's state and ZIP code: {where.Problem}");
            return;
        }

        if (!dme.TryGetAmount(l.Hcpcs, l.Modifiers, where.State, where.Rural, out var amount))
        {
            line.RouteTo(PaymentSchedule.Dmepos);
            var modifiers = dme.RowModifiers(l.Hcpcs);
            if (dme.FindRow(l.Hcpcs, l.Modifiers) < 0)
            {
                line.Decide(this, PriceOutcome.InvalidModifier, RemittanceCodes.ModifierInconsistent,
                    $"{Described(l)}: {dme.Name} prices {l.Hcpcs} only with its modifiers ({modifiers}); bill the one that applies (RR rental, NU new, UE used).");
            }
            else
            {
                line.Decide(this, PriceOutcome.UnknownLocation, RemittanceCodes.BillingError, $"{Described(l)}: {dme.Name} has no amounts for {where.State}.");
            }

            return;
        }

        decimal fee = amount.Amount;
        bool formerCba = where.Cba is { } cba && context.FormerCba is { } former && former.TryGetAmount(l.Hcpcs, l.Modifiers, cba, out _, out fee);
        if (!formerCba)
        {
            fee = amount.Amount;
        }

        line.PriceFromSchedule(PaymentSchedule.Dmepos, fee);
        Assess(ref line, dme, match);
        if (where.Cba is not null && context.FormerCba is null)
        {
            line.Lower(PriceConfidence.Medium, $"ZIP code {where.Zip:D5} is in the former competitive bidding area {where.Cba}, whose fee schedule is not loaded: the non-rural amount is used");
        }
        else if (context.DmeZips is null)
        {
            line.Lower(PriceConfidence.Medium, "no DMEPOS rural ZIP code file is loaded for the date: the ZIP code is taken as non-rural");
        }
    }

    private static void Assess(ref LineView line, IQuarterlySchedule schedule, ReleaseMatch match)
    {
        var (confidence, reason) = PartBSchedules.Assess(schedule, match);
        line.Assess(confidence, reason);
    }

    /// <summary>The beneficiary's coinsurance percentage of a line of another schedule, thousandths of a percent: CLFS 0, DMEPOS 20 %, ASP as the file says.</summary>
    internal static int CoinsuranceThousandths(in PricingContext context, HcpcsCode code, PaymentSchedule schedule) => schedule switch
    {
        PaymentSchedule.ClinicalLaboratory => 0,
        PaymentSchedule.PartBDrugs when context.Drugs is { } drugs && drugs.TryGet(code, out var limit) => decimal.ToInt32(limit.CoinsurancePercent * 1000m),
        _ => 20_000,
    };

    /// <summary>Whether the physician fee schedule pays the code: a row of its modifier whose status is not X, E, I or N.</summary>
    private static bool OnAnotherSchedule(in PricingContext context, HcpcsCode code)
        => (context.Lab is { } lab && lab.Contains(code)) || (context.Dme is { } dme && dme.Contains(code)) || (context.Pen is { } pen && pen.Contains(code)) || (context.Drugs is { } drugs && drugs.TryGet(code, out _));

    private static bool PaidByPhysicianFeeSchedule(in PricingContext context, HcpcsCode code, Modifier rowModifier)
    {
        if (context.Release is not { } release)
        {
            return false;
        }

        int i = release.Rvus.IndexOf(code, rowModifier);
        return i >= 0 && release.Rvus.EntryArray[i].Status is not (StatusCode.StatutoryExclusion or StatusCode.Excluded or StatusCode.NotValidForMedicare or StatusCode.NonCovered);
    }

    /// <summary>Where the beneficiary lives, for DMEPOS: the state, whether the ZIP code is rural, its former CBA.</summary>
    internal static (int Zip, string? State, bool Rural, string? Cba, string Problem) Locate(in PricingContext context, Claim claim)
    {
        int zip = claim.DmeposZip;
        if (zip < 0)
        {
            return (zip, null, false, null, "give the beneficiary's ZIP code (BeneficiaryZip, --beneficiary-zip).");
        }

        if (context.DmeZips is { } zips && zips.TryGet(zip, out var area))
        {
            return (zip, area.State, area.Rural, area.FormerCompetitiveBiddingArea, string.Empty);
        }

        if (context.Release is { } release && release.Zips.TryGet(zip, out var located))
        {
            return (zip, located.State, false, null, string.Empty);
        }

        return (zip, null, false, null, string.Create(CultureInfo.InvariantCulture, $"ZIP code {zip:D5} is neither in the DMEPOS rural ZIP code file nor in the ZIP5 file that gives its state."));
    }

    private static string Described(in ClaimLine l) => l.Modifiers.Count > 0 ? $"{l.Hcpcs}-{l.Modifiers.ToString().Replace(',', '-')}" : l.Hcpcs.ToString();

    public override string Detail(in Adjustment adjustment, in LinePrice price) => price.Reason;

    public override string Reason(in Adjustment adjustment, in LinePrice price) => price.DecisionText!;

    /// <summary>The sentence of a line another schedule priced.</summary>
    internal static string Sentence(in LinePrice price)
    {
        ref readonly var context = ref price.Context;
        var l = price.Line;
        return price.Schedule switch
        {
            PaymentSchedule.ClinicalLaboratory => string.Create(CultureInfo.InvariantCulture, $"{price.Described} priced from {context.Lab!.Name}: rate {price.FeeScheduleAmount} per test; Medicare pays 100 % (no deductible, no coinsurance)."),
            PaymentSchedule.Dmepos => string.Create(CultureInfo.InvariantCulture, $"{price.Described} priced from {DmeFor(context, l.Hcpcs, l.Modifiers, out _)!.Name}: {price.FeeScheduleAmount} per unit; 80 % Medicare, 20 % coinsurance."),
            _ => string.Create(CultureInfo.InvariantCulture, $"{price.Described} priced from {context.Drugs!.Name}: payment limit {price.FeeScheduleAmount} per billing unit x {l.Units}."),
        };
    }

    public override void WriteSteps(in LinePrice price, System.Collections.Immutable.ImmutableArray<PricingStep>.Builder steps)
    {
        if (price.Schedule == PaymentSchedule.PhysicianFeeSchedule || price.Outcome != PriceOutcome.Priced)
        {
            return;
        }

        ref readonly var context = ref price.Context;
        var l = price.Line;
        decimal fee = price.FeeScheduleAmount;
        switch (price.Schedule)
        {
            case PaymentSchedule.ClinicalLaboratory:
            {
                var lab = context.Lab!;
                lab.TryGet(l.Hcpcs, l.Modifiers, l.DateOfService, out var rate);
                steps.Add(new PricingStep(Rule, "clinical laboratory fee schedule",
                    string.Create(CultureInfo.InvariantCulture, $"{rate.Hcpcs}{(rate.Modifier.IsSome ? "-" + rate.Modifier : "")} rate {rate.Rate} (indicator N, national limit), effective {rate.EffectiveFrom:yyyy-MM-dd}, {lab.Name}"),
                    fee, $"{LabSource}: {FileOf(lab.Provenance)}"));
                break;
            }

            case PaymentSchedule.Dmepos:
            {
                var dme = DmeFor(context, l.Hcpcs, l.Modifiers, out _)!;
                var where = Locate(context, price.Claim);
                dme.TryGetAmount(l.Hcpcs, l.Modifiers, where.State!, where.Rural, out var amount);
                var item = amount.Item;
                string row = $"{item.Hcpcs}{(item.Modifier.IsSome ? "-" + item.Modifier : "")}{(item.Modifier2.IsSome ? "-" + item.Modifier2 : "")}";
                if (where.Cba is { } cba && context.FormerCba is { } former && former.TryGetAmount(l.Hcpcs, l.Modifiers, cba, out var cbaItem, out var cbaAmount))
                {
                    string cbaRow = $"{cbaItem.Hcpcs}{(cbaItem.Modifier.IsSome ? "-" + cbaItem.Modifier : "")}{(cbaItem.Modifier2.IsSome ? "-" + cbaItem.Modifier2 : "")}";
                    steps.Add(new PricingStep(Rule, "DMEPOS fee schedule",
                        string.Create(CultureInfo.InvariantCulture, $"{cbaRow} {cbaAmount}: beneficiary ZIP {where.Zip:D5} is in the former competitive bidding area {cba}; {former.Name}"),
                        fee, $"{DmeSource}: {FileOf(former.Provenance)}{(context.DmeZips is { } z ? "; " + FileOf(z.Provenance) : "")}"));
                    break;
                }

                string area = amount.Rural ? "rural" : amount.RuralFellBack ? "rural ZIP code, no rural amount: non-rural" : where.Cba is { } other ? $"former CBA {other}, an item not in its schedule: non-rural" : "non-rural";
                steps.Add(new PricingStep(Rule, "DMEPOS fee schedule",
                    string.Create(CultureInfo.InvariantCulture, $"{row} {amount.State} ({(amount.Rural ? "R" : "NR")}) {amount.Amount}: beneficiary ZIP {where.Zip:D5}, {area}; category {item.Category}, {dme.Name}"),
                    fee, $"{DmeSource}: {FileOf(dme.Provenance)}{(context.DmeZips is { } zips ? "; " + FileOf(zips.Provenance) : "")}"));
                break;
            }

            default:
            {
                var drugs = context.Drugs!;
                drugs.TryGet(l.Hcpcs, out var limit);
                steps.Add(new PricingStep(Rule, "ASP drug payment limit",
                    string.Create(CultureInfo.InvariantCulture, $"{limit.Hcpcs} payment limit {limit.PaymentLimit} per billing unit ({limit.Dosage}), coinsurance {limit.CoinsurancePercent} %, {drugs.Name}"),
                    fee, $"{DrugSource}: {FileOf(drugs.Provenance)}"));
                break;
            }
        }
    }

    private static string FileOf(ReleaseProvenance provenance)
        => provenance.Files.FirstOrDefault() is { } f ? $"{f.Name} sha256 {f.Sha256}" : provenance.Origin;
}
